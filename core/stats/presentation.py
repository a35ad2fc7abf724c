"""Wording, chart geometry and export rows of the adoption figures (shared by console pages and exports)."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.stats.models import AdoptionMonthly, MeetingMonthly

if TYPE_CHECKING:
    from core.stats.day_figures import ActivityAverage, DayRow

TABLE_HEADERS = [
    "Mã đơn vị",
    "Đơn vị",
    "Trạng thái triển khai",
    "Số đảng viên",
    "Đã cấp tài khoản",
    "Đã cài đặt",
    "Đã cài đặt (% số đảng viên)",
    "Đã đăng nhập ≥1 lần",
    "Đã đăng nhập ≥1 lần (% số đảng viên)",
    "Đăng nhập trong tháng",
    "Đăng nhập trong tháng (% số đảng viên)",
    "Lượt truy cập trong tháng",
    "Chưa sử dụng: không có điện thoại thông minh",
    "Chưa sử dụng: miễn sinh hoạt (tuổi cao, sức khoẻ)",
    "Chưa sử dụng: đi làm ăn xa",
    "Chưa sử dụng: lý do khác",
]
SERIES_HEADERS = [
    "Tháng",
    "Số đảng viên",
    "Đã cài đặt",
    "Đã cài đặt (% số đảng viên)",
    "Đăng nhập trong tháng",
    "Đăng nhập trong tháng (% số đảng viên)",
    "Lượt truy cập",
]


def num(n: int) -> str:
    """7881 → "7,881" (the seeds' notation)."""
    return f"{n:,}"


def approx(n: int) -> str:
    """Rounded for speech: 19,872 → "~20,000"; 1,234 → "~1,200"; small numbers stay exact."""
    if n >= 10_000:
        return f"~{round(n, -3):,}"
    if n >= 1_000:
        return f"~{round(n, -2):,}"
    return f"{n:,}"


def pct(value: float) -> str:
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"


def seed_sentence(row: AdoptionMonthly) -> str:
    """ "7,881 đảng viên sử dụng = 97% số đảng viên; 96% số đảng viên đã cài đặt và đăng nhập; 5,413 đăng nhập
    hằng tháng (67% số đảng viên); ~20,000 lượt truy cập" — every percentage is of the unit's member count, whole
    percent rounded half up from the counts (a device is registered only by a logged-in account, so "installed"
    is "installed and logged in"; the as-of-day figures count both explicitly, core/stats/day_figures.py)."""
    from core.stats.day_figures import pct0

    n = row.members
    return (
        f"{num(row.logged_in_ever)} đảng viên sử dụng = {pct0(row.logged_in_ever, n)} số đảng viên; "
        f"{pct0(row.installed, n)} số đảng viên đã cài đặt và đăng nhập; "
        f"{num(row.active_month)} đăng nhập hằng tháng ({pct0(row.active_month, n)} số đảng viên); "
        f"{approx(row.accesses_month)} lượt truy cập"
    )


def table_row(row: AdoptionMonthly, state: str) -> list[object]:
    return [
        row.unit.code,
        row.unit.name,
        state,
        row.members,
        row.accounts_issued,
        row.installed,
        row.installed_pct,
        row.logged_in_ever,
        row.logged_in_ever_pct,
        row.active_month,
        row.active_month_pct,
        row.accesses_month,
        row.no_smartphone,
        row.exempt_elderly_sick,
        row.working_away,
        row.other_non_users,
    ]


def series_row(month: dt.date, row: AdoptionMonthly | None) -> list[object]:
    if row is None:
        return [f"{month:%Y-%m}", "", "", "", "", "", ""]
    return [
        f"{month:%Y-%m}",
        row.members,
        row.installed,
        row.installed_pct,
        row.active_month,
        row.active_month_pct,
        row.accesses_month,
    ]


# --- inline SVG chart: bars = active this month %, line = installed % (both of the member count) ---
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 260, 44, 12, 16, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    cx: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    line: str  # polyline points of installed %
    dots: list[tuple[float, float, str]]
    grid: list[tuple[float, str]]  # (y, label)
    baseline: float
    left: int
    right: float


def chart(series: list[tuple[dt.date, AdoptionMonthly | None]]) -> Chart:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(series), 1)
    bars: list[Bar] = []
    points: list[tuple[float, float, str]] = []
    for i, (month, row) in enumerate(series):
        cx = LEFT + step * i + step / 2
        active = row.active_month_pct if row else 0.0
        h = plot_h * active / 100
        bars.append(
            Bar(
                x=round(cx - step * 0.3, 1),
                y=round(TOP + plot_h - h, 1),
                width=round(step * 0.6, 1),
                height=round(h, 1),
                label=f"{month:%m/%y}",
                value=pct(active) if row else "–",
                cx=round(cx, 1),
            )
        )
        if row is not None:
            points.append(
                (round(cx, 1), round(TOP + plot_h * (1 - row.installed_pct / 100), 1), pct(row.installed_pct))
            )
    grid = [(round(TOP + plot_h * (1 - p / 100), 1), f"{p}%") for p in (0, 25, 50, 75, 100)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        line=" ".join(f"{x},{y}" for x, y, _ in points),
        dots=points,
        grid=grid,
        baseline=TOP + plot_h,
        left=LEFT,
        right=WIDTH - RIGHT,
    )


MEETING_HEADERS = [
    "Mã đơn vị",
    "Đơn vị",
    "Số chi bộ",
    "Chi bộ đã sinh hoạt",
    "Tỷ lệ chi bộ sinh hoạt (%)",
    "Số buổi đã họp",
    "Tỷ lệ dự họp (%)",
    "Ý kiến",
    "Nhiệm vụ quá hạn",
]


def meeting_row(row: MeetingMonthly, total: bool = False) -> list[object]:
    name = f"Toàn đảng bộ: {row.unit.name}" if total else row.unit.name
    return [
        row.unit.code,
        name,
        row.expected,
        row.cells_met,
        row.held_pct,
        row.meetings_held,
        row.attendance_pct,
        row.opinions,
        row.tasks_overdue,
    ]


def day_sentence(row: "DayRow", decimals: int, activity: "ActivityAverage | None" = None) -> str:
    """The pilots' report sentence as of a day, each percentage named with what it is of:
    "Đến hết ngày 15/08/2023: 7,881 đảng viên sử dụng (đã đăng nhập ít nhất một lần) = 97% số đảng viên;
    96% số đảng viên đã cài đặt và đăng nhập; 8,000/8,125 đảng viên đã cài đặt = 98% số đảng viên; trung bình
    ~20,000 lượt truy cập và 5,413 đảng viên đăng nhập mỗi tháng (8 tháng)"."""
    text = (
        f"Đến hết ngày {row.day:%d/%m/%Y}: {num(row.logged_in_ever)} đảng viên sử dụng (đã đăng nhập ít nhất một "
        f"lần) = {row.pct(row.logged_in_ever, decimals=decimals)} số đảng viên; "
        f"{row.pct(row.installed_and_logged_in, decimals=decimals)} số đảng viên đã cài đặt và đăng nhập; "
        f"{num(row.installed)}/{num(row.members)} đảng viên đã cài đặt = "
        f"{row.pct(row.installed, decimals=decimals)} số đảng viên"
    )
    if activity is not None:
        text += (
            f"; trung bình {approx(activity.accesses_per_month)} lượt truy cập và {num(activity.active_per_month)} "
            f"đảng viên đăng nhập mỗi tháng ({activity.months} tháng)"
        )
    return text
