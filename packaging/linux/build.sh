#!/usr/bin/env bash
# Build the Linux installers from the one-folder app:
#   dist/corpus-reader_<version>_<arch>.deb        (dpkg-deb; installs under /opt/corpus-reader)
#   dist/corpus-reader-<version>-linux-<arch>.tar.gz (the one-folder build as it is)
#
# Usage: packaging/linux/build.sh [--skip-build]
#   PYTHON=path/to/python (default: python3) must have the app's dependencies and PyInstaller.
#   --skip-build reuses dist/corpus-reader (e.g. right after `packaging/build.py --self-test`).
#   DEB_MAINTAINER="Name <email>" sets the package's Maintainer field.
#
# Why dpkg-deb and not debhelper: the payload is already built (PyInstaller); the package only
# places it, adds the launcher, desktop entry, icons and AppStream file, and declares the system
# libraries Qt needs (control.in; checked against the bundle by check_deps.py when it can run).
# Icon caches and the desktop database are refreshed by dpkg triggers of hicolor-icon-theme and
# desktop-file-utils, so no maintainer scripts are needed, and removal leaves nothing behind.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

if [ "${1:-}" != "--skip-build" ]; then
  "$PYTHON" packaging/build.py
fi
[ -x dist/corpus-reader/corpus-reader ] || { echo "build.sh: dist/corpus-reader missing" >&2; exit 1; }

VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' reader/__init__.py)"
ARCH="$(dpkg --print-architecture)"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || stat -c %Y reader/__init__.py)}"
MAINTAINER="${DEB_MAINTAINER:-Corpus Reader developers <noreply@corpus-reader.invalid>}"
STAGE="packaging/build/deb/corpus-reader_${VERSION}_${ARCH}"
DEB="dist/corpus-reader_${VERSION}_${ARCH}.deb"

# The tarball first: the same bytes the .deb installs.
"$PYTHON" packaging/build.py --skip-build --archive

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/corpus-reader" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a dist/corpus-reader "$STAGE/opt/corpus-reader"
# The bootloader finds its _internal folder through /proc/self/exe, so a symlink is a full launcher.
ln -s /opt/corpus-reader/corpus-reader "$STAGE/usr/bin/corpus-reader"

install -m 0644 resources/linux/corpus-reader.desktop "$STAGE/usr/share/applications/corpus-reader.desktop"
install -m 0644 resources/linux/io.github.corpusreader.CorpusReader.metainfo.xml \
  "$STAGE/usr/share/metainfo/io.github.corpusreader.CorpusReader.metainfo.xml"
install -m 0644 resources/icons/corpus-reader.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/corpus-reader.svg"
for png in packaging/build/icons/png/*.png; do
  size="$(basename "$png" .png)"
  install -D -m 0644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/corpus-reader.png"
done

cat > "$STAGE/usr/share/doc/corpus-reader/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: corpus-reader

Files: *
Copyright: Corpus Reader developers
License: MIT

Files: opt/corpus-reader/_internal/reader/_resources/fonts/*
Copyright: 2022 The Noto Project Authors (https://github.com/notofonts/arabic)
License: OFL-1.1
 See /opt/corpus-reader/_internal/reader/_resources/fonts/OFL.txt

Files: opt/corpus-reader/_internal/reader/_corpus/*
Copyright: the original publishers named in the texts
License: research-sample
 Public news and analysis pages included as a research and software-testing sample;
 see /opt/corpus-reader/_internal/reader/_corpus/README.md.

Files: opt/corpus-reader/_internal/*
Copyright: the Python Software Foundation, The Qt Company and the PySide, Whoosh-Reloaded,
 dateparser, python-bidi, arabic-reshaper, charset-normalizer, platformdirs and regex authors
License: various
 Python (PSF-2.0), Qt and PySide6 (LGPL-3.0), and the libraries above under their own licences.
EOF

# Normalise permissions (directories and executables 755, everything else 644) and timestamps.
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod u+rw,go+r,go-w {} +

GLIBC="$(find "$STAGE/opt/corpus-reader" -type f \( -name '*.so*' -o -name corpus-reader \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
INSTALLED_SIZE="$(du -sk --apparent-size "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/${VERSION}/" -e "s/@ARCH@/${ARCH}/" -e "s/@INSTALLED_SIZE@/${INSTALLED_SIZE}/" \
  -e "s/@GLIBC@/${GLIBC:-2.31}/" -e "s|@MAINTAINER@|${MAINTAINER}|" \
  packaging/linux/control.in > "$STAGE/DEBIAN/control"

# Validate what can be validated here (each tool is optional).
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$STAGE/usr/share/applications/corpus-reader.desktop"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$STAGE/usr/share/metainfo/io.github.corpusreader.CorpusReader.metainfo.xml"
fi
if command -v dpkg >/dev/null && command -v apt-cache >/dev/null; then
  # Every system library the bundle links must come from a declared dependency (or theirs).
  report="packaging/build/deb/check_deps.txt"
  if ! python3 packaging/linux/check_deps.py "$STAGE/opt/corpus-reader" "$STAGE/DEBIAN/control" > "$report"; then
    grep -v '^ *ok ' "$report" >&2
    echo "build.sh: the bundle needs packages control.in does not declare (above)" >&2
    exit 1
  fi
  grep -v '^ *ok ' "$report" || true
fi

find "$STAGE" -exec touch -h -d "@${SOURCE_DATE_EPOCH}" {} +
mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "built $DEB ($(du -h "$DEB" | cut -f1)); Depends: libc6 (>= ${GLIBC:-2.31}) and the Qt libraries"
ls -l dist/corpus-reader-"${VERSION}"-linux-*.tar.gz "$DEB"
