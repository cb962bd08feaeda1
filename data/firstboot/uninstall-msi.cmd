@echo off
rem v2v-fixup: remove "@NAME@" (Windows Installer product @PRODUCT@),
rem whose drivers were already removed offline.
msiexec.exe /x @PRODUCT@ /qn /norestart /l*v "%SystemRoot%\v2v-fixup\uninstall-@PRODUCT@.log"
set RC=%ERRORLEVEL%
rem 1605: the product is no longer installed, which is what we want.
if "%RC%"=="1605" exit /b 0
exit /b %RC%
