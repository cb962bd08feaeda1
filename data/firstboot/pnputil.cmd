@echo off
rem v2v-fixup: add the staged virtio drivers to the driver store, so that
rem the new devices get them even where DevicePath is not searched.
rem "pnputil -i -a" is understood from Windows 7 to Windows 11.
set RC=0
for /r "%SystemRoot%\Drivers\VirtIO" %%I in (*.inf) do (
  pnputil.exe -i -a "%%I"
  if errorlevel 1 set RC=1
)
exit /b %RC%
