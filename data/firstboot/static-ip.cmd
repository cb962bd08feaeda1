@echo off
rem v2v-fixup: give the new NIC the static address of the old NIC (Xen, VMware)
rem (interface @INTERFACE@).
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dpn0.ps1"
exit /b %ERRORLEVEL%
