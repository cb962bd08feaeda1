# v2v-fixup: re-apply the static IP settings captured offline from
# Tcpip\Parameters\Interfaces\@INTERFACE@ to the first adapter that still
# uses DHCP (the new virtio NIC). WMI works from Windows 7 / 2008 R2 on.
$ip = @(@IPADDRESS@)
$mask = @(@SUBNETMASK@)
$gateway = @(@GATEWAY@)
$dns = @(@DNS@)
$nic = Get-WmiObject Win32_NetworkAdapterConfiguration `
    -Filter "IPEnabled = TRUE AND DHCPEnabled = TRUE" |
  Sort-Object Index | Select-Object -First 1
if (-not $nic) {
  Write-Output "no network adapter on DHCP yet; trying again at the next boot"
  exit 2
}
Write-Output "configuring $($nic.Description): $ip"
$r = $nic.EnableStatic($ip, $mask)
if ($r.ReturnValue -gt 1) { Write-Output "EnableStatic: $($r.ReturnValue)"; exit 1 }
if ($gateway.Count -gt 0) {
  $metrics = @(1) * $gateway.Count
  [void]$nic.SetGateways($gateway, $metrics)
}
if ($dns.Count -gt 0) { [void]$nic.SetDNSServerSearchOrder($dns) }
exit 0
