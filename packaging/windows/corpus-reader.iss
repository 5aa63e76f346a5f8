; Inno Setup script: a per-user installer for the one-folder Windows build (dist\corpus-reader).
;
; Build (after `python packaging\build.py --self-test` on Windows), from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\corpus-reader.iss
; Output: dist\corpus-reader-<version>-windows-x86_64-setup.exe
;
; Why per-user (PrivilegesRequired=lowest): researchers often have no administrator rights on
; institutional machines; the app needs none. It installs to %LOCALAPPDATA%\Programs\Corpus Reader
; (the per-user Program Files), adds a Start-menu entry and an uninstaller (Settings > Apps), and
; never touches the user's data (%LOCALAPPDATA%\CorpusReader\corpus-reader): uninstalling keeps notes.
; AppVersion defaults to the ProductVersion PyInstaller wrote into corpus-reader.exe (from
; reader.__version__), so the installer cannot disagree with the app it installs.

#define AppName "Corpus Reader"
#define AppExe "corpus-reader.exe"
#define SourceDir "..\..\dist\corpus-reader"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(AddBackslash(SourceDir) + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error Could not read the version from dist\corpus-reader\corpus-reader.exe: build the app first or pass /DAppVersion=X.Y.Z
#endif

[Setup]
; A fixed AppId identifies the app across versions (upgrades replace, uninstall finds it). Never change it.
AppId={{6F4E2C1A-8B7D-4E3F-9A21-5C0D7B3E9F14}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Corpus Reader developers
VersionInfoVersion={#GetVersionNumbersString(AddBackslash(SourceDir) + AppExe)}
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\build\icons\corpus-reader.ico
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\..\dist
OutputBaseFilename=corpus-reader-{#AppVersion}-windows-x86_64-setup
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new version's _internal folder replaces the old one whole: no stale modules from a previous build.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Read, search and annotate English and Arabic documents"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
