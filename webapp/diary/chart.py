"""The mood and energy trend as a small server-rendered SVG line chart, and its tables.

Pure functions: days in, geometry and markup out (no database, no request). The two series
differ by line style and marker shape, not by colour alone; colours come from CSS classes
(diary.css) so they follow dark mode. The words of the scale are the y-axis labels, in a column
of their own left of the plot: at each step the mood word (a circle before it) above the line
and the energy word (a square) below it. No line or point ever runs over a word, not even the
latest day's at the right-hand edge.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT = 340, 268
WORDS_LEFT = 6  # the column of the scale's words: a key mark, then the word
WORD_X = WORDS_LEFT + 11
LEFT, RIGHT = 110, 334  # the plot's edges; points keep PAD away from them
PAD = 8
TOP, BOTTOM = 58, 226  # the lines of 5 and 1
LEGEND_Y = 18
TICK_Y = 256
WORD_SIZE = 11

Day = tuple[date, int | None, int | None]  # (day, mood, energy)


@dataclass(frozen=True)
class Point:
    day: date
    value: int
    x: float
    y: float


@dataclass
class Series:
    name: str  # "mood" or "energy"
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return path_of(self.points)


@dataclass
class Chart:
    first: date
    last: date
    mood: Series
    energy: Series
    y_ticks: list[tuple[int, float]]
    x_ticks: list[tuple[date, float]]

    @property
    def is_empty(self) -> bool:
        return not self.mood.points and not self.energy.points


def day_x(day: date, first: date, last: date) -> float:
    """Where a day sits across the plot: the first day at the left, the last at the right."""
    span = max((last - first).days, 1)
    return round(LEFT + PAD + (day - first).days * (RIGHT - LEFT - 2 * PAD) / span, 1)


def value_y(value: float) -> float:
    """Where a step of 1–5 sits: 5 at the top, 1 at the bottom."""
    return round(BOTTOM - (value - 1) * (BOTTOM - TOP) / 4, 1)


def path_of(points: list[Point]) -> str:
    """An SVG path through the points in day order ("" for none)."""
    return " ".join(f"{'M' if i == 0 else 'L'}{p.x:g} {p.y:g}" for i, p in enumerate(points))


def layout(days: Iterable[Day], first: date, last: date, *, tick_every: int = 7) -> Chart:
    """The geometry of the chart for the days first..last. Days outside are left out; a day
    without a mood (or energy) has no point in that series."""
    mood, energy = Series("mood"), Series("energy")
    for day, mood_value, energy_value in sorted(days, key=lambda d: d[0]):
        if not first <= day <= last:
            continue
        x = day_x(day, first, last)
        if mood_value is not None:
            mood.points.append(Point(day, mood_value, x, value_y(mood_value)))
        if energy_value is not None:
            energy.points.append(Point(day, energy_value, x, value_y(energy_value)))
    mondays = [first + timedelta(days=i) for i in range((last - first).days + 1)
               if (first + timedelta(days=i)).weekday() == 0]
    x_ticks = [(day, day_x(day, first, last)) for day in mondays[::max(tick_every // 7, 1)]]
    return Chart(first, last, mood, energy, [(v, value_y(v)) for v in range(5, 0, -1)], x_ticks)


def _marker(series: str, x: float, y: float, size: float = 4.5, kind: str = "chart-mark") -> str:
    if series == "mood":
        return f'<circle class="{kind} chart-mood" cx="{x:g}" cy="{y:g}" r="{size:g}"/>'
    return (f'<rect class="{kind} chart-energy" x="{x - size + 0.5:g}" y="{y - size + 0.5:g}" '
            f'width="{2 * size - 1:g}" height="{2 * size - 1:g}"/>')


def svg(chart: Chart, *, title: str, desc: str, mood_name: str, energy_name: str, mood_words: dict,
        energy_words: dict, tick_label: Callable[[date], str], id_prefix: str = "trend") -> Markup:
    """The chart as inline SVG. Texts come in already translated; everything is escaped."""
    e = escape
    parts = [
        (f'<svg class="trend-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-size="12">'),
        f'<title id="{id_prefix}-title">{e(title)}</title>',
        f'<desc id="{id_prefix}-desc">{e(desc)}</desc>',
        # The legend: each series' line and marker with its name.
        '<g class="chart-legend-key">',
        f'<path class="chart-line chart-mood" d="M{WORDS_LEFT} {LEGEND_Y - 4} h24"/>',
        _marker("mood", WORDS_LEFT + 12, LEGEND_Y - 4),
        f'<text class="chart-legend" x="{WORDS_LEFT + 30}" y="{LEGEND_Y}">{e(mood_name)}</text>',
        f'<path class="chart-line chart-energy" d="M{RIGHT - 24} {LEGEND_Y - 4} h24"/>',
        _marker("energy", RIGHT - 12, LEGEND_Y - 4),
        f'<text class="chart-legend" x="{RIGHT - 30}" y="{LEGEND_Y}" text-anchor="end">{e(energy_name)}</text>',
    ]
    # The words of each step, outside the plot: mood above the step's line, energy below it.
    for value, y in chart.y_ticks:
        parts.append(_marker("mood", WORDS_LEFT + 3.5, y - 6.5, 3, "chart-key"))
        parts.append(f'<text class="chart-word" x="{WORD_X}" y="{y - 3:g}" font-size="{WORD_SIZE}">'
                     f'{e(mood_words.get(value, value))}</text>')
        parts.append(_marker("energy", WORDS_LEFT + 3.5, y + 6.5, 3, "chart-key"))
        parts.append(f'<text class="chart-word" x="{WORD_X}" y="{y + 10:g}" font-size="{WORD_SIZE}">'
                     f'{e(energy_words.get(value, value))}</text>')
    parts.append("</g>")
    for _value, y in chart.y_ticks:
        parts.append(f'<path class="chart-grid" d="M{LEFT} {y:g} H{RIGHT}"/>')
    for day, x in chart.x_ticks:
        parts.append(f'<path class="chart-grid chart-tick" d="M{x:g} {BOTTOM} v5"/>')
        anchor = "start" if x < LEFT + 20 else "end" if x > RIGHT - 20 else "middle"
        parts.append(f'<text class="chart-day" x="{x:g}" y="{TICK_Y}" text-anchor="{anchor}">{e(tick_label(day))}</text>')
    for series in (chart.mood, chart.energy):
        if len(series.points) > 1:
            parts.append(f'<path class="chart-line chart-{series.name}" d="{series.path}"/>')
        parts.extend(_marker(series.name, p.x, p.y) for p in series.points)
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Week:
    """One ISO week of the table alternative."""
    year: int
    number: int
    monday: date
    sunday: date
    mood: float | None  # the average, one decimal
    energy: float | None
    entries: int


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def weekly(days: Iterable[Day], first: date, last: date) -> list[Week]:
    """Per ISO week from the week of first to the week of last: average mood, average energy
    and the number of days written (a day counts even with neither scale answered)."""
    days = [d for d in days if first <= d[0] <= last]
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        sunday = monday + timedelta(days=6)
        inside = [d for d in days if monday <= d[0] <= sunday]
        year, number, _ = monday.isocalendar()
        weeks.append(Week(year, number, monday, sunday, _average([d[1] for d in inside if d[1] is not None]),
                          _average([d[2] for d in inside if d[2] is not None]), len(inside)))
        monday += timedelta(days=7)
    return weeks


def window(today: date, weeks: int) -> tuple[date, date]:
    """The last `weeks` ISO weeks up to and including this one: (their first Monday, today)."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks - 1), today
