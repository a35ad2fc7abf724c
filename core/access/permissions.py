"""What each role may do. A permission not listed for a role is denied (checks fail closed)."""

from core.access.models import Role

ORG_VIEW = "org.view"
ORG_MANAGE = "org.manage"
MEMBERS_VIEW = "members.view"
MEMBERS_MANAGE = "members.manage"
MEMBERS_VIEW_SENSITIVE = "members.view_sensitive"  # citizen ID (CCCD)
MEMBERS_APPROVE_CORRECTIONS = "members.approve_corrections"
MEMBERS_ACT_FOR = "members.act_for"  # proxy actions for members without a smartphone
ACCOUNTS_ISSUE = "accounts.issue"
ACCOUNTS_RESET = "accounts.reset_password"
ROLES_GRANT = "roles.grant"
AUDIT_VIEW = "audit.view"
IMPORTS_RUN = "imports.run"
MEETINGS_RUN = "meetings.run"  # schedule, run and close a cell's meetings
NEWS_EDIT = "news.edit"
NEWS_APPROVE = "news.approve"
NEWS_PUBLISH = "news.publish"
LIBRARY_EDIT = "library.edit"  # draft documents of the library, attach files
LIBRARY_PUBLISH = "library.publish"  # publish and withdraw documents, see their read rates
_LIBRARY = {LIBRARY_EDIT, LIBRARY_PUBLISH}
NEWS_MANAGE = "news.manage"  # editorial boards, external feeds, the silent-days setting

_SECRETARY = {
    ORG_VIEW,
    MEMBERS_VIEW,
    MEMBERS_APPROVE_CORRECTIONS,
    MEMBERS_ACT_FOR,
    ACCOUNTS_ISSUE,
    ACCOUNTS_RESET,
    MEETINGS_RUN,
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.TENANT_ADMIN: frozenset(
        {
            ORG_VIEW,
            ORG_MANAGE,
            MEMBERS_VIEW,
            MEMBERS_MANAGE,
            MEMBERS_VIEW_SENSITIVE,
            MEMBERS_APPROVE_CORRECTIONS,
            MEMBERS_ACT_FOR,
            ACCOUNTS_ISSUE,
            ACCOUNTS_RESET,
            ROLES_GRANT,
            AUDIT_VIEW,
            IMPORTS_RUN,
            MEETINGS_RUN,
            *_LIBRARY,
            NEWS_MANAGE,
        }
    ),
    Role.ORG_DEPARTMENT: frozenset(
        {
            ORG_VIEW,
            ORG_MANAGE,
            MEMBERS_VIEW,
            MEMBERS_MANAGE,
            MEMBERS_VIEW_SENSITIVE,
            MEMBERS_APPROVE_CORRECTIONS,
            ACCOUNTS_ISSUE,
            ACCOUNTS_RESET,
            AUDIT_VIEW,
            IMPORTS_RUN,
        }
    ),
    Role.COMMITTEE_ADMIN: frozenset(
        {
            ORG_VIEW,
            MEMBERS_VIEW,
            MEMBERS_MANAGE,
            MEMBERS_ACT_FOR,
            ACCOUNTS_ISSUE,
            ACCOUNTS_RESET,
            ROLES_GRANT,
            AUDIT_VIEW,
            MEETINGS_RUN,
            *_LIBRARY,
            NEWS_MANAGE,
        }
    ),
    Role.CELL_SECRETARY: frozenset(_SECRETARY),
    Role.CELL_DEPUTY: frozenset(_SECRETARY),
    Role.EDITOR: frozenset({NEWS_EDIT, LIBRARY_EDIT}),
    Role.APPROVER: frozenset({NEWS_EDIT, NEWS_APPROVE, LIBRARY_EDIT}),
    Role.PUBLISHER: frozenset({NEWS_EDIT, NEWS_APPROVE, NEWS_PUBLISH, *_LIBRARY}),
}
