"""Cheap static checks of the packaging recipes, so a typo fails here and not in a release job.

What can only be checked on the target platforms (Inno Setup, hdiutil, notarization) is built by
``.github/workflows/release.yml``; here we check what those files promise: the spec is Python, the
desktop entry and AppStream file carry the required keys (and pass the validators when installed),
the installer is per-user, the workflow is well-formed, the .deb declares the Qt libraries, and the
CI script still runs the README's test command first.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reader import __version__
from tests.conftest import REPO

PACKAGING = REPO / "packaging"
LINUX = REPO / "resources" / "linux"
DESKTOP = LINUX / "corpus-reader.desktop"
METAINFO = LINUX / "io.github.corpusreader.CorpusReader.metainfo.xml"
SPEC = PACKAGING / "pyinstaller" / "corpus-reader.spec"
ISS = PACKAGING / "windows" / "corpus-reader.iss"
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
CONTROL = PACKAGING / "linux" / "control.in"
SVG = REPO / "resources" / "icons" / "corpus-reader.svg"


@pytest.mark.parametrize(
    "path",
    [
        SPEC,
        PACKAGING / "pyinstaller" / "entry.py",
        PACKAGING / "build.py",
        PACKAGING / "icons" / "make_icons.py",
        PACKAGING / "linux" / "check_deps.py",
    ],
    ids=lambda p: p.name,
)
def test_python_recipes_parse(path: Path):
    ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_spec_keeps_data_where_paths_looks_and_the_platform_plugins():
    text = SPEC.read_text(encoding="utf-8")
    for dest in ('"reader/_corpus"', '"reader/_resources/fonts"', '"reader/_resources/icons"'):
        assert dest in text
    for plugin in ("qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa", "qsvg"):
        assert f'"{plugin}"' in text
    assert "NSHighResolutionCapable" in text and "bundle_identifier=APP_ID" in text
    assert '"pytest"' in text and '"hypothesis"' in text  # test-only packages excluded


def test_desktop_entry_has_the_required_keys():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Corpus Reader"
    assert entry["Exec"].split()[0] == "corpus-reader"
    assert entry["Icon"] == "corpus-reader"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert entry["Comment"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_has_what_software_centres_need():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.corpusreader.CorpusReader"
    for tag in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(tag) or "").strip(), tag
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert (LINUX / launchable.text.strip()).is_file()
    releases = root.findall("releases/release")
    assert releases, "no <release>"
    assert releases[0].get("version") == __version__, "add a <release> for the new version (newest first)"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date", ""))


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_inno_setup_script_installs_per_user():
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.M)
    assert re.search(r"^DefaultDirName=\{localappdata\}\\Programs\\", text, re.M)
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", text, re.M)
    assert "{autoprograms}" in text  # Start-menu entry
    assert "SetupIconFile=" in text and "UninstallDisplayIcon=" in text
    assert "[Files]" in text and "recursesubdirs" in text


def test_release_workflow_is_well_formed():
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["tags"] == ["v*"]
    build = data["jobs"]["build"]
    assert build["strategy"]["matrix"]["os"] == ["ubuntu-22.04", "windows-latest", "macos-14"]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    setup = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "--self-test" in runs and "packaging/build.py" in runs
    assert data["jobs"]["release"]["needs"] == "build"


def test_deb_control_declares_the_qt_system_libraries():
    text = CONTROL.read_text(encoding="utf-8")
    depends = re.search(r"^Depends: (.*)$", text, re.M).group(1)
    names = {alt.strip().split()[0] for part in depends.split(",") for alt in part.split("|")}
    for lib in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libgl1", "libfontconfig1", "libdbus-1-3",
                "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0",
                "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1"):
        assert lib in names, lib
    assert "fonts-noto-core" in names and "fonts-dejavu-core" in names
    for placeholder in ("@VERSION@", "@ARCH@", "@INSTALLED_SIZE@", "@GLIBC@", "@MAINTAINER@"):
        assert placeholder in text


def test_app_icon_is_drawn_not_written():
    root = ET.parse(SVG).getroot()
    assert root.get("viewBox") == "0 0 512 512"
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert "path" in tags and "text" not in tags  # renders the same without any font


def _make_icons_module():
    spec = importlib.util.spec_from_file_location("make_icons", PACKAGING / "icons" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ico_and_icns_containers():
    icons = _make_icons_module()
    pngs = {size: b"\x89PNG" + bytes([size % 256]) * 7 for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
    ico = icons.ico_bytes({s: pngs[s] for s in icons.ICO_SIZES})
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    width, height = ico[6 + 16 * (count - 1)], ico[7 + 16 * (count - 1)]
    assert (width, height) == (0, 0)  # 256 px is written as 0
    icns = icons.icns_bytes(pngs)
    assert icns[:4] == b"icns" and struct.unpack_from(">I", icns, 4)[0] == len(icns)
    assert icns[8:12] == b"icp4"


def test_ci_runs_the_readme_test_command_first_then_the_frozen_self_test():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -q '.[test]' && .venv/bin/python -m pytest"
    assert command in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    first_test = next(i for i, line in enumerate(lines) if "pytest" in line)
    assert lines[first_test] == command
    assert any("packaging/build.py --self-test" in line for line in lines[first_test + 1 :])
