"""What each role may do. A permission not listed for a role is denied (checks fail closed)."""

from core.access.models import Role

ORG_VIEW = "org.view"
ORG_MANAGE = "org.manage"
MEMBERS_VIEW = "members.view"
MEMBERS_MANAGE = "members.manage"
MEMBERS_VIEW_SENSITIVE = "members.view_sensitive"  # citizen ID, ethnicity, religion, disciplines
MEMBERS_APPROVE_CORRECTIONS = "members.approve_corrections"
MEMBERS_ACT_FOR = "members.act_for"  # proxy actions for members without a smartphone
MEMBERS_MARK = "members.mark"  # mark "no smartphone" and exempt from activities (a cell's secretary)
RATINGS_VIEW = "ratings.view"  # annual quality ratings of members and organisations (sensitive)
RATINGS_PROPOSE = "ratings.propose"  # a cell (or organisation) proposes levels
RATINGS_APPROVE = "ratings.approve"  # the committee above approves them (over the proposing unit's parent)
RATINGS_MANAGE = "ratings.manage"  # the rating year and the "xuất sắc" cap
REPORTS_VIEW = "reports.view"  # standard reports of a subtree
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
ASSISTANT_MANAGE = "assistant.manage"  # the virtual assistant's questions and answers, its question log
FEEDBACK_HANDLE = "feedback.handle"  # read and answer members' feedback addressed to a unit of the subtree
STUDY_MANAGE = "study.manage"  # study campaigns, question banks, quizzes and courses of a committee
STUDY_REVIEW = "study.review"  # review members' reflections of the subtree (accept / return)

_SECRETARY = {
    ORG_VIEW,
    MEMBERS_VIEW,
    MEMBERS_APPROVE_CORRECTIONS,
    MEMBERS_ACT_FOR,
    MEMBERS_MARK,
    ACCOUNTS_ISSUE,
    ACCOUNTS_RESET,
    MEETINGS_RUN,
    RATINGS_VIEW,
    RATINGS_PROPOSE,
    REPORTS_VIEW,
    FEEDBACK_HANDLE,
    STUDY_REVIEW,
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
            MEMBERS_MARK,
            RATINGS_VIEW,
            RATINGS_PROPOSE,
            RATINGS_APPROVE,
            RATINGS_MANAGE,
            REPORTS_VIEW,
            ASSISTANT_MANAGE,
            FEEDBACK_HANDLE,
            STUDY_MANAGE,
            STUDY_REVIEW,
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
            MEMBERS_MARK,
            RATINGS_VIEW,
            RATINGS_APPROVE,
            RATINGS_MANAGE,
            REPORTS_VIEW,
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
            MEMBERS_MARK,
            RATINGS_VIEW,
            RATINGS_PROPOSE,
            RATINGS_APPROVE,
            REPORTS_VIEW,
            ASSISTANT_MANAGE,
            FEEDBACK_HANDLE,
            STUDY_MANAGE,
            STUDY_REVIEW,
        }
    ),
    Role.CELL_SECRETARY: frozenset(_SECRETARY),
    Role.CELL_DEPUTY: frozenset(_SECRETARY),
    # Ủy ban kiểm tra: reads member records, ratings, reports and the audit log of its subtree; writes nothing.
    Role.INSPECTION: frozenset(
        {ORG_VIEW, MEMBERS_VIEW, MEMBERS_VIEW_SENSITIVE, AUDIT_VIEW, RATINGS_VIEW, REPORTS_VIEW}
    ),
    Role.EDITOR: frozenset({NEWS_EDIT, LIBRARY_EDIT}),
    Role.APPROVER: frozenset({NEWS_EDIT, NEWS_APPROVE, LIBRARY_EDIT}),
    Role.PUBLISHER: frozenset({NEWS_EDIT, NEWS_APPROVE, NEWS_PUBLISH, *_LIBRARY}),
}
