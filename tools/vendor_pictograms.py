"""Copy the app's pictograms out of an unpacked OpenMoji npm package into static/pictograms/,
minified: `cd /tmp && npm pack openmoji@17.0.0 && tar xzf openmoji-17.0.0.tgz`, then
`.venv/bin/python tools/vendor_pictograms.py /tmp/package`. Only the names in
webapp/lib/pictograms.py are copied; the five energy levels are drawn from OpenMoji's battery.

Not part of the app (the Dockerfile does not copy tools/); run it when the list changes."""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.lib import pictograms  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "static" / pictograms.FOLDER

# OpenMoji's battery (1F50B) with its charge drawn at five levels: red when empty, green when full.
BATTERY_LEVEL_COLOURS = {1: "#d22f27", 2: "#f4aa41", 3: "#fcea2b", 4: "#b1cc33", 5: "#5c9e31"}
BATTERY = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 72">'
           '<path fill="#d0cfce" d="M6.8 24.2h53.3v7.1a1 1 0 0 0 1 1h4.1v9.2h-4.1a1 1 0 0 0-1 1v6.7H6.8z"/>'
           '<rect x="11" y="27.4" width="{width}" height="19" fill="{colour}"/>'
           '<path fill="none" stroke="#000" stroke-linecap="round" stroke-linejoin="round" stroke-width="2" '
           'd="M61.1 31.3v-7.1a1 1 0 0 0-1-1H6.8a1 1 0 0 0-1 1v25a1 1 0 0 0 1 1h53.3a1 1 0 0 0 1-1v-6.7h5.1V31.3z"/>'
           '<rect x="11" y="27.4" width="44.1" height="19" fill="none" stroke="#000" stroke-linecap="round" '
           'stroke-linejoin="round" stroke-width="2"/></svg>')


def _round_numbers(svg: str) -> str:
    """Two decimals are plenty in a 72-unit box. SVG packs numbers tightly ("-.5093.0029" is two),
    so a rounded number that lost its dot gets a space where it would run into its neighbour."""
    out, last = [], 0
    for match in re.finditer(r"-?\d*\.\d+", svg):
        value = float(match.group(0))
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        if text in ("", "-", "-0"):
            text = "0"
        if text.startswith("0."):
            text = text[1:]
        elif text.startswith("-0."):
            text = "-" + text[2:]
        before = svg[match.start() - 1] if match.start() else ""
        after = svg[match.end()] if match.end() < len(svg) else ""
        if text[0].isdigit() and (before.isdigit() or before == "."):
            text = " " + text
        if "." not in text and (after == "." or after.isdigit()):
            text += " "
        out.append(svg[last:match.start()] + text)
        last = match.end()
    return "".join(out) + svg[last:]


def minify(svg: str) -> str:
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<\?xml.*?\?>", "", svg)
    svg = re.sub(r'\s(id|class|data-[\w-]+)="[^"]*"', "", svg)
    svg = re.sub(r"<g\s*/>", "", svg)
    svg = re.sub(r"<g>\s*</g>", "", svg)
    if "<g " not in svg:  # bare groups (their ids gone) only wrap: unwrap them
        svg = re.sub(r"</?g>", "", svg)
    svg = re.sub(r"#000000\b", "#000", svg)
    svg = re.sub(r"#([0-9a-fA-F])\1([0-9a-fA-F])\2([0-9a-fA-F])\3\b", r"#\1\2\3", svg)
    svg = _round_numbers(svg)  # two decimals are plenty in a 72-unit box
    svg = re.sub(r"\s+", " ", svg)
    svg = re.sub(r">\s+<", "><", svg)
    svg = re.sub(r"\s*([,])\s*", r"\1", svg)
    # inside a path, a command letter needs no space before it
    svg = re.sub(r'\sd="([^"]*)"', lambda m: ' d="' + re.sub(r"\s+([a-zA-Z])", r"\1", m.group(1)) + '"', svg)
    return svg.strip() + "\n"


def main(source: Path) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for picture in pictograms.ALL.values():
        target = OUT / f"{picture.name}.svg"
        wanted.add(target.name)
        if picture.code.startswith("battery-"):
            level = int(picture.code.split("-")[1])
            text = BATTERY.format(width=f"{44.1 * level / 5:.1f}", colour=BATTERY_LEVEL_COLOURS[level]) + "\n"
        else:
            text = minify((source / "color" / "svg" / f"{picture.code}.svg").read_text(encoding="utf-8"))
        target.write_text(text, encoding="utf-8")
    for stale in OUT.glob("*.svg"):
        if stale.name not in wanted:
            stale.unlink()
    sizes = [p.stat().st_size for p in OUT.glob("*.svg")]
    print(f"{len(sizes)} pictograms, {sum(sizes)} bytes, largest {max(sizes)} bytes")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
