"""Benchmark input: a deterministic synthetic dataset of N announcements -> files under data/.

The other entities grow in proportion (per 1,000 announcements: 4 programmes of 12 topics,
25 classes with a two-week schedule, 50 people), the text is Vietnamese with diacritics, and an
announcement page renders to about 4 KB of Markdown. The same ``n`` and ``seed`` always give
byte-identical files, so runs and machines can be compared.

    python -m benchmarks.synth 1000 /tmp/bench-data
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

_WORDS = (
    "bồi dưỡng cán bộ nguồn học viên giảng viên chuyên đề chương trình lớp học khai giảng "
    "bế giảng nhiệm kỳ thành ủy quận huyện thị ủy đảng ủy trực thuộc nghiên cứu thực tế "
    "báo cáo thu hoạch khóa luận tốt nghiệp kỹ năng lãnh đạo quản lý điều hành dân vận "
    "đối thoại kiểm tra giám sát phòng chống tham nhũng quốc phòng an ninh xây dựng Đảng "
    "chính quyền đô thị kinh tế xã hội văn hóa giáo dục y tế môi trường chuyển đổi số "
    "hội trường tài liệu phân công đánh giá phỏng vấn trực tiếp tổng kết rút kinh nghiệm "
    "nâng cao chất lượng đào tạo đổi mới phương pháp giảng dạy tích cực thảo luận nhóm "
    "tình huống thực tiễn địa phương cơ sở hiệu quả trách nhiệm nêu gương đạo đức công vụ"
).split()
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
           "Dương", "Lý", "Khúc", "Giáp", "Thân")
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quốc", "Thu", "Ngọc", "Thanh", "Hữu", "Đình")
_GIVEN = ("An", "Bình", "Cường", "Diệp", "Hà", "Hằng", "Hùng", "Khải", "Lan", "Long", "Mai",
          "Nam", "Phương", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Vượng", "Yến", "Đức", "Ánh")
_TAGS = ("khai giảng", "bế giảng", "cán bộ nguồn", "kết quả", "hội thảo", "nghiên cứu thực tế",
         "chuyển đổi số", "tuyển sinh", "đào tạo", "bồi dưỡng", "sự kiện", "thông báo",
         "khoa học", "hợp tác", "đoàn thể", "thi đua", "khen thưởng", "tài liệu", "lịch học",
         "giảng viên")
_KINDS = ("lecture", "lecture", "lecture", "seminar", "skills", "field-study", "exam")
_ROLES = ("Giảng viên chính", "Phó Trưởng khoa", "Trưởng khoa", "Giảng viên cao cấp",
          "Báo cáo viên")
_ORGS = ("Khoa Xây dựng Đảng", "Khoa Nhà nước và pháp luật", "Khoa Lý luận cơ sở",
         "Ban Tổ chức Thành ủy", "Phòng Quản lý đào tạo")
FIRST_DAY = dt.date(2015, 1, 5)


@dataclass(frozen=True)
class Sizes:
    """How many entities of each kind a synthetic dataset of ``announcements`` has."""

    announcements: int

    @property
    def programmes(self) -> int:
        return max(1, self.announcements // 250)

    @property
    def topics(self) -> int:
        return 12 * self.programmes

    @property
    def cohorts(self) -> int:
        return max(1, self.announcements // 40)

    @property
    def people(self) -> int:
        return max(3, self.announcements // 20)

    @property
    def files(self) -> int:
        """Every data file: the generator's 'items'."""
        return (self.announcements + self.programmes + self.topics + self.cohorts
                + self.people)


class _Text:
    """Deterministic Vietnamese-looking words, sentences and paragraphs."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(n))

    def sentence(self) -> str:
        text = self.words(self.rng.randint(8, 18))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        text = self.words(self.rng.randint(5, 9))
        return text[0].upper() + text[1:]

    def name(self) -> str:
        return " ".join((self.rng.choice(_FAMILY), self.rng.choice(_MIDDLE),
                         self.rng.choice(_GIVEN)))


def _block(text: str, indent: int = 2) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.split("\n")) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n: int, out_path: Path, *, seed: int = 7) -> Sizes:
    """Write a dataset of ``n`` announcements to ``out_path`` (replaced if it exists)."""
    sizes = Sizes(n)
    if out_path.exists():
        shutil.rmtree(out_path)
    for folder in ("programmes", "topics", "cohorts", "people", "announcements"):
        (out_path / folder).mkdir(parents=True)
    text = _Text(seed)
    people = [f"gv-{i:05d}" for i in range(sizes.people)]
    for pid in people:
        _write(out_path / "people" / f"{pid}.yml", (
            f"name: {_q(text.name())}\nrole: {_q(text.rng.choice(_ROLES))}\n"
            f"organisation: {_q(text.rng.choice(_ORGS))}\nbio: {_block(text.paragraph(3))}"))
    topics = [f"chuyen-de-{i:05d}" for i in range(sizes.topics)]
    for tid in topics:
        lecturers = "".join(f"  - {p}\n" for p in text.rng.sample(people, 2))
        _write(out_path / "topics" / f"{tid}.yml", (
            f"title: {_q(text.title())}\nkind: {text.rng.choice(_KINDS)}\n"
            f"hours: {text.rng.choice((4, 6, 8, 10, 12))}\nsummary: {_q(text.sentence())}\n"
            f"lecturers:\n{lecturers}description: {_block(text.paragraph(4))}"))
    programmes = [f"chuong-trinh-{i:04d}" for i in range(sizes.programmes)]
    for p, pid in enumerate(programmes):
        own = topics[12 * p: 12 * p + 12]
        modules = "".join(
            f"  - id: hp-{m + 1}\n    title: {_q(text.title())}\n    topics:\n"
            + "".join(f"      - {t}\n" for t in own[6 * m: 6 * m + 6]) for m in range(2))
        _write(out_path / "programmes" / f"{pid}.yml", (
            f"title: {_q('Bồi dưỡng ' + text.title().lower())}\n"
            f"provider: Trường Đào tạo cán bộ Lê Hồng Phong\n"
            f"summary: {_block(text.paragraph(2))}modules:\n{modules}"
            f"outcomes:\n  - {_q(text.sentence())}\n  - {_q(text.sentence())}\n"))
    cohorts: list[tuple[str, str]] = []
    span_days = max(1, n // 3)  # about three news items a day, whatever n is
    for c in range(sizes.cohorts):
        cid, pid = f"lop-{c:05d}", programmes[c % len(programmes)]
        start = FIRST_DAY + dt.timedelta(days=(c * span_days) // sizes.cohorts // 7 * 7)
        end = start + dt.timedelta(days=11)
        own = topics[12 * (c % len(programmes)): 12 * (c % len(programmes)) + 12]
        sessions = "".join(
            f"  - date: {start + dt.timedelta(days=d + 2 * (d // 5))}\n"
            f"    start: {7 + 6 * half}:30\n    end: {11 + 5 * half}:00\n"
            f"    topic: {own[(2 * d + half) % 12]}\n"
            f"    lecturers:\n      - {text.rng.choice(people)}\n"
            f"    location: Phòng {101 + c % 9}\n"
            for d in range(10) for half in range(2))
        _write(out_path / "cohorts" / f"{cid}.yml", (
            f"programme: {pid}\ntitle: {_q(f'Lớp {c + 1} – ' + text.title())}\n"
            f"number: {c + 1}\nstart: {start}\nend: {end}\n"
            f"venue: Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội\n"
            f"participants: {text.rng.randint(40, 120)}\nschedule:\n{sessions}"))
        cohorts.append((cid, pid))
    for a in range(n):
        _write_announcement(out_path, a, n, span_days, text, cohorts, people)
    return sizes


def _write_announcement(out_path: Path, a: int, n: int, span_days: int, text: _Text,
                        cohorts: list[tuple[str, str]], people: list[str]) -> None:
    day = FIRST_DAY + dt.timedelta(days=a * span_days // n)
    cid, pid = cohorts[a * len(cohorts) // n]
    tags = "".join(f"  - {_q(t)}\n" for t in text.rng.sample(_TAGS, 2))
    named = "".join(f"  - {p}\n" for p in text.rng.sample(people, 2))
    body = "\n\n".join(text.paragraph(text.rng.randint(4, 6)) for _ in range(5))
    head = (f"title: {_q(text.title())}\ndate: {day}\nsummary: {_q(text.paragraph(2))}\n"
            f"tags:\n{tags}programme: {pid}\ncohort: {cid}\npeople:\n{named}"
            f"author: Phòng Quản lý đào tạo\n")
    if a % 4 == 3:  # a quarter in the front-matter form, both forms being first-class
        _write(out_path / "announcements" / f"tin-{a:06d}.md", f"---\n{head}---\n{body}\n")
    else:
        _write(out_path / "announcements" / f"tin-{a:06d}.yml", f"{head}body: {_block(body)}")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def main() -> None:
    """``python -m benchmarks.synth N DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of announcements")
    parser.add_argument("out", type=Path, help="data folder to (re)create")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = generate(args.n, args.out, seed=args.seed)
    print(f"{sizes.files} files in {args.out}/")


if __name__ == "__main__":
    main()
