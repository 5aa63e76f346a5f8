#!/usr/bin/env bash
# Pack "dist/Corpus Reader.app" into dist/corpus-reader-<version>-macos-<arch>.dmg (compressed, read-only),
# with an /Applications link so users install by dragging.
#
# Usage: packaging/macos/build_dmg.sh   (after packaging/build.py on macOS, and after
#        sign_and_notarize.sh app ... if the app is to be signed: the image holds the app as it is)
# Why hdiutil and nothing fancier: it ships with macOS (no Homebrew tools on the release runner),
# and UDZO is readable by every supported macOS.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
APP="dist/Corpus Reader.app"
[ -d "$APP" ] || { echo "build_dmg.sh: $APP not found (run packaging/build.py first)" >&2; exit 1; }

VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' reader/__init__.py)"
ARCH="$(uname -m)"
DMG="dist/corpus-reader-${VERSION}-macos-${ARCH}.dmg"
STAGE="packaging/build/dmg"

rm -rf "$STAGE"
mkdir -p "$STAGE"
ditto "$APP" "$STAGE/Corpus Reader.app"   # ditto keeps signatures, symlinks and extended attributes
ln -s /Applications "$STAGE/Applications"

rm -f "$DMG"
hdiutil create -volname "Corpus Reader ${VERSION}" -srcfolder "$STAGE" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 -ov "$DMG"
hdiutil verify "$DMG"
echo "built $DMG ($(du -h "$DMG" | cut -f1))"
