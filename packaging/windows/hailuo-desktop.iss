; Inno Setup 6 script: a per-user or per-machine installer of the one-folder bundle.
; Build the bundle first (pyinstaller --noconfirm pyinstaller.spec, on Windows), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\hailuo-desktop.iss
; Output: dist\HailuoDesktop-<version>-setup.exe. Not built in this project's CI (no Windows
; machine); .github/workflows/build.yml builds it on a windows runner.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Hailuo Desktop"
#define AppExe "hailuo-desktop.exe"

[Setup]
AppId={{5D0B7D3E-8C1A-4F57-9B3C-2E6A1F4C8D21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs for the current user without admin rights unless the user picks "all users".
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=HailuoDesktop-{#AppVersion}-setup
SetupIconFile=resources\icons\hailuo-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; hailuo-desktop.exe (the window), hailuo-desktop-cli.exe (command line, --self-test), _internal\
Source: "dist\hailuo-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{#AppName} (demo, no key needed)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
