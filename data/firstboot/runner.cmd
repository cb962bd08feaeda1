@echo off
rem v2v-fixup first-boot runner: a machine startup script of the local
rem Group Policy, so Windows runs it as SYSTEM at boot, before any logon.
rem It runs each task in %SystemRoot%\v2v-fixup\tasks once, in name order,
rem and logs to %SystemRoot%\v2v-fixup\firstboot.log.
rem Task exit codes: 0 done; 3010 or 1641 done but Windows must restart
rem (the runner restarts it and goes on at the next boot); 2 try again at
rem the next boot; anything else failed (kept in tasks\failed for a person).
rem With no task left, the runner unregisters itself. Argument: the index
rem of its entry under the Group Policy scripts registry keys.
setlocal EnableExtensions EnableDelayedExpansion
set "BASE=%SystemRoot%\v2v-fixup"
set "TASKS=%BASE%\tasks"
set "LOG=%BASE%\firstboot.log"
set "GPO=%SystemRoot%\System32\GroupPolicy\Machine\Scripts"
set "GPKEY=HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Group Policy"
if not exist "%TASKS%\done" mkdir "%TASKS%\done"
if not exist "%TASKS%\failed" mkdir "%TASKS%\failed"
echo [%DATE% %TIME%] first-boot runner started>> "%LOG%"
set RETRY=0
for %%T in ("%TASKS%\*.cmd") do (
  echo [%DATE% %TIME%] running %%~nxT>> "%LOG%"
  call "%%~fT" >> "%LOG%" 2>&1
  set RC=!ERRORLEVEL!
  echo [%DATE% %TIME%] %%~nxT exited !RC!>> "%LOG%"
  if "!RC!"=="0" (
    move /y "%%~fT" "%TASKS%\done\" >nul
  ) else if "!RC!"=="3010" (
    move /y "%%~fT" "%TASKS%\done\" >nul
    goto :restart
  ) else if "!RC!"=="1641" (
    move /y "%%~fT" "%TASKS%\done\" >nul
    goto :restart
  ) else if "!RC!"=="2" (
    set RETRY=1
  ) else (
    move /y "%%~fT" "%TASKS%\failed\" >nul
  )
)
if "%RETRY%"=="1" (
  echo [%DATE% %TIME%] some tasks will run again at the next boot>> "%LOG%"
  exit /b 0
)
echo [%DATE% %TIME%] all tasks done; unregistering>> "%LOG%"
if exist "%GPO%\scripts.ini.v2v-orig" (
  move /y "%GPO%\scripts.ini.v2v-orig" "%GPO%\scripts.ini" >nul
) else (
  del /f /a "%GPO%\scripts.ini"
)
reg delete "%GPKEY%\Scripts\Startup\@GPO_INDEX@\%~1" /f >nul 2>&1
reg delete "%GPKEY%\State\Machine\Scripts\Startup\@GPO_INDEX@\%~1" /f >nul 2>&1
(goto) 2>nul & del /f "%~f0"
exit /b 0

:restart
echo [%DATE% %TIME%] restarting to finish the tasks>> "%LOG%"
shutdown /r /t 30 /c "v2v-fixup: finishing the first-boot tasks"
exit /b 0
