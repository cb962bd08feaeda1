@echo off
rem v2v-fixup: on the new controller Windows may see the data disks as new
rem ones and, under the default SAN policy, leave them offline. Bring every
rem offline disk online and writable.
setlocal EnableExtensions EnableDelayedExpansion
set "SCRIPT=%TEMP%\v2v-diskpart.txt"
echo san policy=OnlineAll> "%SCRIPT%"
for /f "tokens=2" %%D in ('echo list disk ^| diskpart ^| findstr /r /c:"Disk [0-9]* *Offline"') do (
  echo select disk %%D>> "%SCRIPT%"
  echo attributes disk clear readonly>> "%SCRIPT%"
  echo online disk>> "%SCRIPT%"
)
diskpart /s "%SCRIPT%"
set RC=%ERRORLEVEL%
del "%SCRIPT%"
exit /b %RC%
