from billing_free.models import Plan, TenantPlan
from tenants.admin_sites import console_site

console_site.register(Plan)
console_site.register(TenantPlan)
