#!/usr/bin/env bash
# Sign the macOS app with a Developer ID (hardened runtime), and sign + notarize + staple the disk image.
#
#   packaging/macos/sign_and_notarize.sh app "dist/Corpus Reader.app"
#   packaging/macos/build_dmg.sh
#   packaging/macos/sign_and_notarize.sh dmg dist/corpus-reader-<version>-macos-<arch>.dmg
#
# Runs only when the secrets are present, and otherwise says so and exits 0 (forks, pull requests and
# local builds produce an unsigned app, which macOS opens after right-click > Open):
#   MACOS_CERT_P12_BASE64  the "Developer ID Application" certificate + key, .p12, base64-encoded
#   MACOS_CERT_PASSWORD    its password
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   for notarytool (an app-specific password)
#
# Why inside-out signing and not `codesign --deep`: Apple advises signing each nested binary
# (the Python and Qt libraries, extension modules, plugins) before the bundle that contains it; --deep
# is meant for verifying. Only the main executable gets the entitlements (entitlements.plist).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODE="${1:-}"
TARGET="${2:-}"
if [ -z "$MODE" ] || [ -z "$TARGET" ]; then
  echo "usage: $0 app PATH.app | dmg PATH.dmg" >&2
  exit 2
fi

missing=()
for var in MACOS_CERT_P12_BASE64 MACOS_CERT_PASSWORD; do [ -n "${!var:-}" ] || missing+=("$var"); done
if [ "$MODE" = "dmg" ]; then
  for var in APPLE_ID APPLE_TEAM_ID APPLE_APP_PASSWORD; do [ -n "${!var:-}" ] || missing+=("$var"); done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "sign_and_notarize.sh: skipping ($MODE): ${missing[*]} not set; $TARGET stays unsigned."
  exit 0
fi

# A throw-away keychain holding the certificate, searched before the login keychain.
KEYCHAIN="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/corpus-reader-signing.keychain-db"
KEYCHAIN_PASSWORD="$(uuidgen)"
if ! security find-identity -v -p codesigning "$KEYCHAIN" 2>/dev/null | grep -q "Developer ID Application"; then
  rm -f "$KEYCHAIN"
  security create-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
  security set-keychain-settings -lut 21600 "$KEYCHAIN"
  security unlock-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
  P12="$(mktemp)"
  trap 'rm -f "$P12"' EXIT
  printf '%s' "$MACOS_CERT_P12_BASE64" | base64 --decode > "$P12"
  security import "$P12" -k "$KEYCHAIN" -P "$MACOS_CERT_PASSWORD" -T /usr/bin/codesign
  security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k "$KEYCHAIN_PASSWORD" "$KEYCHAIN" >/dev/null
  # shellcheck disable=SC2046
  security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
fi
IDENTITY="$(security find-identity -v -p codesigning "$KEYCHAIN" | grep "Developer ID Application" | head -1 | awk '{print $2}')"
[ -n "$IDENTITY" ] || { echo "sign_and_notarize.sh: no Developer ID Application identity in the .p12" >&2; exit 1; }

sign() {
  codesign --force --timestamp --options runtime --sign "$IDENTITY" "$@"
}

case "$MODE" in
  app)
    APP="$TARGET"
    MAIN="$APP/Contents/MacOS/corpus-reader"
    # 1. Every Mach-O file inside (libraries, extension modules, Qt plugins, framework binaries);
    #    their order does not matter, only that they come before the bundles holding them.
    while IFS= read -r -d '' file; do
      if file -b "$file" | grep -q "Mach-O"; then sign "$file"; fi
    done < <(find "$APP/Contents" -type f ! -path "$MAIN" -print0)
    # 2. The Qt frameworks (bundles themselves), once their contents are signed.
    while IFS= read -r -d '' framework; do sign "$framework"; done \
      < <(find "$APP/Contents" -type d -name "*.framework" -print0)
    # 3. The main executable with the entitlements, 4. the bundle itself.
    sign --entitlements "$ROOT/packaging/macos/entitlements.plist" "$MAIN"
    sign --entitlements "$ROOT/packaging/macos/entitlements.plist" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
    echo "signed $APP with $IDENTITY"
    ;;
  dmg)
    DMG="$TARGET"
    codesign --force --timestamp --sign "$IDENTITY" "$DMG"
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" --wait --timeout 30m
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
    echo "notarized and stapled $DMG"
    ;;
  *)
    echo "usage: $0 app PATH.app | dmg PATH.dmg" >&2
    exit 2
    ;;
esac
