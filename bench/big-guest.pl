#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-or-later
# The synthesised bulk of bench/make-big-guest.sh's realistic-size guests.
#
#   big-guest.pl hive software|system|drivers IN OUT [neutral|plain]
#       OUT = the phony guest's hive IN (every key and value kept, Xen
#       components included; only DriverDatabase's OemInfMap is redone to
#       count the added oemN.inf) plus synthesised keys in the shapes real
#       servers have. SOFTWARE 148 MB, 430k keys, 830k values
#       (Classes\CLSID, Interface, TypeLib, ProgIDs and extensions,
#       Installer components and products, Component Based Servicing
#       packages, SideBySide winners, Uninstall entries, event publishers
#       and channels, certificates and application state as binary
#       blobs). SYSTEM 20-25 MB, 90-100k keys (device instances under Enum
#       with their Properties, services, class instances naming the
#       packages' INFs, DeviceClasses, the CriticalDeviceDatabase where IN
#       has one, in every control set IN has; the DriverDatabase where IN
#       has one). DRIVERS 7.6 MB, 39k keys (a DriverDatabase of the ~500
#       packages and ~31k device IDs). A key has at most 70000 subkeys
#       (hivex reads no more).
#   big-guest.pl tree STYLE DIR
#       Stages under DIR the files of the same guest: ~500 driver store
#       packages (the ones the hives name: INF, PNF, catalog, driver and
#       DLL stubs), ~100 of them third-party with their oemN.inf/.pnf in
#       Windows\INF beside ~400 in-box INFs, ~400 System32\drivers files,
#       ~1700 System32 files and a WinSxS of 98k files in ~11k folders.
#       STYLE is "neutral" (Windows 7 / 2008 R2 store folder names) or
#       "plain" (Windows 8 and later).
#
# The hives are written by this script's own regf writer (hivex appends
# every subkey list it grows, so adding thousands of subkeys to one key
# through hivex would leave a hive mostly made of freed lists): keys sorted
# and hashed as Windows keeps them (lh lists, ri above 1000 subkeys), one
# security descriptor (the input's root one) shared by every key, values
# of at most 16 KiB (no big-data cells). Everything is deterministic.
use strict;
use warnings;
use File::Path qw(make_path);
use Win::Hivex;

my $FILETIME = 132_223_104_000_000_000; # 2020-01-01

# ------------------------------------------------------------ randomness
my $seed = 20;
# A 64-bit LCG's top 31 bits (its low bits repeat too soon).
sub rnd {
    use integer;
    $seed = $seed * 6364136223846793005 + 1442695040888963407;
    return ($seed >> 33) & 0x7fffffff;
}
sub pick { return $_[rnd() % @_] }
sub hex_n { my ($n) = @_; return join '', map { sprintf '%x', rnd() % 16 } 1 .. $n }
sub guid {
    return sprintf '{%08X-%04X-%04X-%04X-%04X%08X}', rnd() ^ (rnd() << 4), rnd() % 65536,
        rnd() % 65536, rnd() % 65536, rnd() % 65536, rnd() ^ (rnd() << 4);
}
my @words = qw(audio bits bluetooth cdrom certprop crypt dhcp dns eventlog fax
    firewall font gpsvc hid imapi iscsi kerberos keyiso lanman lsass mmcss msdtc
    netlogon netman nla nsi pcw perf pla plug power print profsvc rasman rdp
    remote rpc sam schedule sens shell smart snmp spooler sppsvc srv ssdp stor
    sysmain tapi tbs termsvc themes time trkwks ui umb upnp usb vds vss w32
    wbem wcn wdi wer wevt winhttp winrm wlan wmi wpd wsearch wua xps accessibility
    adsi appid audiosrv authz backup bcrypt bootux browser clfs clip com comctl
    compat console credui csc d3d dfs diag directx dot3 dwm eap efs esent explorer
    fveapi gdi hal hotplug http ieframe imm input ipsec kernel32 ksecdd lpk mapi
    media mfc mlang mpr msi mshtml msxml ncrypt ndis netapi netio ntdsapi ntfs
    odbc ole oleacc opengl pnp powershell propsys psapi qmgr rasapi reg resutils
    rsaenh scesrv schannel secur setupapi shdocvw shlwapi slc smb sspi sxs
    taskschd tcpip tdh tsg urlmon user32 userenv uxtheme vbscript version
    webio wininet winsta winspool wintrust wldap ws2 wship wtsapi);
sub word { return pick(@words) }
sub words { my ($n, $sep) = @_; return join $sep // '-', map { word() } 1 .. $n }

# ------------------------------------------------------------ encodings
sub sz { return Encode::encode('UTF-16LE', "$_[0]\0") }
sub multi { return join('', map { Encode::encode('UTF-16LE', "$_\0") } @_) . "\0\0" }
sub dword { return pack 'V', $_[0] }
sub qword { return pack 'Q<', $_[0] }
sub blob {
    my ($n) = @_;
    my $b = '';
    $b .= pack 'V', rnd() while length $b < $n;
    return substr $b, 0, $n;
}
use Encode ();

use constant { SZ => 1, EXPAND => 2, BINARY => 3, DWORD => 4, MULTI => 7, QWORD => 11 };

# ------------------------------------------------------------ the key tree
# A key: { n => name, v => [[name, type, bytes], ...], k => { UC => key },
# fam => [[names, builder], ...] }. A family's builder makes the key of
# one of its names only when the writer reaches it: the big families are
# never all in memory.
sub key { my ($name, @v) = @_; return { n => $name, v => [@v], k => {} } }
sub val { my ($name, $type, $data) = @_; return [$name, $type, $data] }
sub child {
    my ($k, $name) = @_;
    return $k->{k}{uc $name} //= key($name);
}
sub path {
    my ($k, $p) = @_;
    $k = child($k, $_) for split /\\/, $p;
    return $k;
}
sub add { my ($parent, $k) = @_; $parent->{k}{uc $k->{n}} = $k; return $k }
sub family {
    my ($k, $names, $build) = @_;
    push @{$k->{fam}}, [$names, $build];
}

# The input hive, whole.
sub read_hive {
    my ($file) = @_;
    my $h = Win::Hivex->open($file);
    my $walk;
    $walk = sub {
        my ($node) = @_;
        my $name = $h->node_name($node);
        utf8::decode($name);
        my $k = key($name);
        for my $v ($h->node_values($node)) {
            my $vn = $h->value_key($v);
            utf8::decode($vn);
            my ($type, $data) = $h->value_value($v);
            push @{$k->{v}}, [$vn, $type, $data];
        }
        add($k, $walk->($_)) for $h->node_children($node);
        return $k;
    };
    my $root = $walk->($h->root);
    open my $fh, '<:raw', $file or die "$file: $!\n";
    my $base;
    read $fh, $base, 4096;
    # The root key's security descriptor, reused for every key.
    my $rootoff = unpack 'V', substr $base, 0x24, 4;
    seek $fh, 0x1000 + $rootoff + 4 + 0x2C, 0;
    read $fh, my $skrel, 4;
    seek $fh, 0x1000 + unpack('V', $skrel), 0;
    read $fh, my $sklen, 4;
    read $fh, my $sk, -unpack('l<', $sklen) - 4;
    my $desc_len = unpack 'V', substr $sk, 16, 4;
    return ($root, $base, substr($sk, 20, $desc_len));
}

# ------------------------------------------------------------ regf writer
my ($buf, $pos, $end, $nkeys, $sk_off) = ('', 0, 0);

sub alloc {
    my ($need) = @_; # bytes after the 4-byte size
    my $size = ($need + 4 + 7) & ~7;
    if ($pos + $size > $end) {
        substr($buf, $pos, 4) = pack 'l<', $end - $pos if $end - $pos >= 8;
        my $hsize = $size + 32 > 4096 ? ($size + 32 + 4095) & ~4095 : 4096;
        my $start = length $buf;
        $buf .= 'hbin' . pack('V V', $start, $hsize) . "\0" x ($hsize - 12);
        substr($buf, $start + 0x14, 8) = pack 'Q<', $FILETIME;
        ($pos, $end) = ($start + 32, $start + $hsize);
    }
    my $off = $pos;
    $pos += $size;
    # a used cell has a negative size
    substr($buf, $off, 4) = pack 'l<', -$size;
    return $off;
}
sub cell { my ($data) = @_; my $off = alloc(length $data); substr($buf, $off + 4, length $data) = $data; return $off }

# Key and value names: compressed (Latin-1) when they can be.
sub name_bytes {
    my ($s) = @_;
    return ($s, 1) if $s =~ /^[\x00-\xff]*$/;
    return (Encode::encode('UTF-16LE', $s), 0);
}
sub lh_hash {
    my ($s) = @_;
    my $h = 0;
    $h = ($h * 37 + ord) & 0xffffffff for split //, uc $s;
    return $h;
}

sub write_value {
    my ($name, $type, $data) = @_;
    my $len = length $data;
    die "value $name: $len bytes (no big-data cells here)\n" if $len > 16344;
    my ($field, $doff) = $len <= 4 ? ($len | 0x80000000, unpack 'V', $data . "\0" x (4 - $len))
                                   : ($len, cell($data));
    my ($nb, $comp) = name_bytes($name);
    return cell('vk' . pack('v V V V v v', length $nb, $field, $doff, $type, $comp, 0) . $nb);
}

sub kids_of {
    my ($k) = @_;
    my @kids = map { [uc $_->{n}, $_] } values %{$k->{k}};
    for my $f (@{$k->{fam} // []}) {
        my ($names, $build) = @$f;
        push @kids, map { [uc $_, [$_, $build]] } @$names;
    }
    my %seen;
    $seen{$_->[0]}++ and die "$k->{n}: two subkeys named $_->[0]\n" for @kids;
    return sort { $a->[0] cmp $b->[0] } @kids;
}

sub write_key {
    my ($k, $parent) = @_;
    my ($nb, $comp) = name_bytes($k->{n});
    my $nk = alloc(76 + length $nb);
    $nkeys++;
    my ($vlist, $maxvn, $maxvd) = (0xffffffff, 0, 0);
    my @v = @{$k->{v}};
    if (@v) {
        my @offs = map { write_value(@$_) } @v;
        $vlist = cell(pack 'V*', @offs);
        for (@v) {
            my $l = 2 * length $_->[0];
            $maxvn = $l if $l > $maxvn;
            $maxvd = length $_->[2] if length $_->[2] > $maxvd;
        }
    }
    my @entries;
    my $maxsub = 0;
    for my $kid (kids_of($k)) {
        my $c = $kid->[1];
        $c = $c->[1]->($c->[0]) if ref $c eq 'ARRAY'; # a family member, built now
        my $off = write_key($c, $nk);
        push @entries, [$off, lh_hash($c->{n})];
        $maxsub = 2 * length $c->{n} if 2 * length $c->{n} > $maxsub;
    }
    my ($sub, $nsub) = (0xffffffff, scalar @entries);
    if (@entries) {
        my @lists;
        while (my @chunk = splice @entries, 0, 1000) {
            push @lists, cell('lh' . pack('v', scalar @chunk) . join '', map { pack 'V V', @$_ } @chunk);
        }
        $sub = @lists == 1 ? $lists[0] : cell('ri' . pack('v', scalar @lists) . pack 'V*', @lists);
    }
    my $flags = ($parent < 0 ? 0x2C : 0) | ($comp ? 0x20 : 0);
    substr($buf, $nk + 4, 76 + length $nb) = 'nk' . pack('v Q< V V V V V V V V V V V V V V V v v',
        $flags, $FILETIME, 0, $parent < 0 ? 0 : $parent, $nsub, 0, $sub, 0xffffffff,
        scalar @v, $vlist, $sk_off, 0xffffffff, $maxsub, 0, $maxvn, $maxvd, 0,
        length $nb, 0) . $nb;
    return $nk;
}

sub write_hive {
    my ($root, $base, $sd, $file) = @_;
    ($buf, $pos, $end, $nkeys) = ('', 0, 0, 0);
    $sk_off = alloc(20 + length $sd);
    my $rootoff = write_key($root, -1);
    substr($buf, $sk_off + 4, 20 + length $sd) =
        'sk' . pack('v V V V V', 0, $sk_off, $sk_off, $nkeys, length $sd) . $sd;
    substr($buf, $pos, 4) = pack 'l<', $end - $pos if $end - $pos >= 8;
    substr($base, 0x04, 8) = pack 'V V', 1, 1;           # sequence numbers: clean
    substr($base, 0x0C, 8) = pack 'Q<', $FILETIME;
    substr($base, 0x24, 8) = pack 'V V', $rootoff, length $buf;
    my $sum = 0;
    $sum ^= $_ for unpack 'V127', $base;
    substr($base, 0x1FC, 4) = pack 'V', $sum;
    open my $fh, '>:raw', $file or die "$file: $!\n";
    print $fh $base, $buf or die "$file: $!\n";
    close $fh or die "$file: $!\n";
    printf STDERR "big-guest: %s: %d keys, %.1f MB\n", $file, $nkeys, (4096 + length $buf) / 1e6;
}

# ------------------------------------------------------------ driver packages
# The same list for the hives and the tree: ~100 third-party packages
# (oem10.inf...) and ~400 in-box ones, each with its class, provider and
# files. Seeded apart so that it does not depend on what else was drawn.
my %class = (
    net => ['Net', '{4D36E972-E325-11CE-BFC1-08002BE10318}'],
    printer => ['Printer', '{4D36E979-E325-11CE-BFC1-08002BE10318}'],
    system => ['System', '{4D36E97D-E325-11CE-BFC1-08002BE10318}'],
    hdc => ['HDC', '{4D36E96A-E325-11CE-BFC1-08002BE10318}'],
    scsi => ['SCSIAdapter', '{4D36E97B-E325-11CE-BFC1-08002BE10318}'],
    usb => ['USB', '{36FC9E60-C465-11CF-8056-444553540000}'],
    hid => ['HIDClass', '{745A17A0-74D3-11D0-B6FE-00A0C90F57DA}'],
    display => ['Display', '{4D36E968-E325-11CE-BFC1-08002BE10318}'],
    media => ['MEDIA', '{4D36E96C-E325-11CE-BFC1-08002BE10318}'],
    monitor => ['Monitor', '{4D36E96E-E325-11CE-BFC1-08002BE10318}'],
);
my @class_keys = sort keys %class;
my @vendors = ('Acme Printing', 'Contoso Devices', 'Fabrikam Inc.', 'Northwind Storage',
               'Litware Networks', 'Tailspin Audio', 'Adventure Works Input', 'Proseware, Inc.');

sub packages {
    my ($style) = @_;
    my $saved = $seed;
    $seed = 500;
    my @p;
    for my $i (0 .. 499) {
        my $third = $i < 100;
        my $ck = $third ? pick(qw(printer printer net scsi display media usb)) : pick(@class_keys);
        my $base = $third ? sprintf('%s%03d', substr($ck, 0, 3) . substr(word(), 0, 3), $i)
                          : sprintf('%s%s', $ck eq 'printer' ? 'prn' : substr($ck, 0, 3), word() . $i);
        my $inf = "$base.inf";
        my $folder = $style eq 'neutral' ? "${inf}_amd64_neutral_" . hex_n(16) : "${inf}_amd64_" . hex_n(16);
        my @files = ("$base.cat", "$base.sys", map { "$base$_.dll" } 1 .. rnd() % 3);
        push @p, {
            inf => $inf, base => $base, folder => $folder, files => \@files,
            oem => $third ? 'oem' . ($i + 10) . '.inf' : undef,
            class => $class{$ck}[0], guid => $class{$ck}[1],
            provider => $third ? pick(@vendors) : 'Microsoft',
            hwids => [map { sprintf 'PCI\\VEN_%04X&DEV_%04X', 0x1000 + rnd() % 0x3000, rnd() % 0x10000 } 1 .. 2 + rnd() % 6],
            service => substr($base, 0, 12), ver => sprintf('10.0.%d.%d', 14000 + rnd() % 4000, rnd() % 500),
        };
    }
    $seed = $saved;
    return @p;
}

# ------------------------------------------------------------ SOFTWARE
sub grow_software {
    my ($root) = @_;
    my $classes = path($root, 'Classes');
    my @clsids = map { guid() } 1 .. 12000;
    family(path($classes, 'CLSID'), \@clsids, sub {
        my ($g) = @_;
        my $w = word();
        my $k = key($g, val('', SZ, sz(ucfirst($w) . ' ' . pick(qw(Class Object Handler Provider Factory)))));
        add($k, key('InprocServer32', val('', EXPAND, sz("%SystemRoot%\\system32\\$w.dll")),
                    val('ThreadingModel', SZ, sz(pick(qw(Both Apartment Free))))));
        add($k, key('ProgID', val('', SZ, sz(ucfirst($w) . '.' . ucfirst(word()) . '.1')))) if rnd() % 2;
        add($k, key('Version', val('', SZ, sz('1.0')))) if rnd() % 4 == 0;
        if (rnd() % 3 == 0) {
            my $ic = add($k, key('Implemented Categories'));
            add($ic, key(guid())) for 1 .. 1 + rnd() % 3;
        }
        return $k;
    });
    family(path($classes, 'Interface'), [map { guid() } 1 .. 20000], sub {
        my ($g) = @_;
        my $k = key($g, val('', SZ, sz('I' . ucfirst(word()) . ucfirst(word()))));
        add($k, key('ProxyStubClsid32', val('', SZ, sz('{00020424-0000-0000-C000-000000000046}'))));
        add($k, key('NumMethods', val('', SZ, sz(3 + rnd() % 40))));
        return $k;
    });
    family(path($classes, 'TypeLib'), [map { guid() } 1 .. 2500], sub {
        my ($g) = @_;
        my $w = word();
        my $t = key($g);
        my $v = add($t, key('1.0', val('', SZ, sz(ucfirst($w) . ' 1.0 Type Library'))));
        add(add($v, key('0')), key('win64', val('', SZ, sz("C:\\Windows\\system32\\$w.dll"))));
        add($v, key('FLAGS', val('', SZ, sz('0'))));
        add($v, key('HELPDIR', val('', SZ, sz('C:\\Windows\\system32'))));
        return $t;
    });
    my %progs;
    $progs{ucfirst(word()) . '.' . ucfirst(word()) . '.' . (1 + rnd() % 9)} = 1 for 1 .. 4000;
    my %exts;
    $exts{'.' . substr(word(), 0, 2 + rnd() % 3) . (rnd() % 4 ? '' : rnd() % 10)} = 1 for 1 .. 800;
    family($classes, [sort keys %progs, sort keys %exts], sub {
        my ($n) = @_;
        return key($n, val('', SZ, sz(ucfirst(word()) . 'File')), val('Content Type', SZ, sz('application/x-' . word())))
            if $n =~ /^\./;
        my $k = key($n, val('', SZ, sz(ucfirst(word()) . ' Object')));
        add($k, key('CLSID', val('', SZ, sz(pick(@clsids)))));
        add($k, key('CurVer', val('', SZ, sz($n))));
        my $open = add(add($k, key('shell')), key('open'));
        add($open, key('command', val('', EXPAND, sz("\"%ProgramFiles%\\" . ucfirst(word()) . "\\app.exe\" \"%1\""))));
        return $k;
    });
    my $wow = path($classes, 'Wow6432Node\\CLSID');
    family($wow, [map { guid() } 1 .. 7000], sub {
        my ($g) = @_;
        my $k = key($g, val('', SZ, sz(ucfirst(word()) . ' Class')));
        add($k, key('InprocServer32', val('', EXPAND, sz('%SystemRoot%\\SysWow64\\' . word() . '.dll')),
                    val('ThreadingModel', SZ, sz('Apartment'))));
        return $k;
    });

    my $cv = path($root, 'Microsoft\\Windows\\CurrentVersion');
    # Uninstall entries (none from a Xen publisher).
    family(path($cv, 'Uninstall'), [map { guid() } 1 .. 300], sub {
        my ($g) = @_;
        my $name = join ' ', map { ucfirst word() } 1 .. 3;
        return key($g, val('DisplayName', SZ, sz($name)), val('DisplayVersion', SZ, sz('4.' . rnd() % 20 . '.' . rnd() % 9000)),
                   val('Publisher', SZ, sz(pick(@vendors, 'Microsoft Corporation'))),
                   val('InstallDate', SZ, sz('2019' . sprintf('%02d%02d', 1 + rnd() % 12, 1 + rnd() % 28))),
                   val('InstallLocation', SZ, sz("C:\\Program Files\\$name\\")),
                   val('UninstallString', EXPAND, sz("MsiExec.exe /X$g")),
                   val('ModifyPath', EXPAND, sz("MsiExec.exe /I$g")),
                   val('EstimatedSize', DWORD, dword(rnd() % 500000)), val('WindowsInstaller', DWORD, dword(1)),
                   val('VersionMajor', DWORD, dword(4)), val('VersionMinor', DWORD, dword(rnd() % 20)),
                   val('Language', DWORD, dword(1033)));
    });
    # Windows Installer's component registrations: the bulk of a real
    # server's SOFTWARE hive.
    my $ud = path($cv, 'Installer\\UserData\\S-1-5-18');
    my @products = map { hex_n(32) } 1 .. 300;
    # (hivex reads at most 70000 subkeys of a key: real hives have more
    # components than that, spread here over three keys.)
    family(path($ud, 'Components'), [map { uc hex_n(32) } 1 .. 69000], sub {
        my ($c) = @_;
        my $dir = 'C:\\Program Files\\' . ucfirst(word()) . '\\' . ucfirst(word());
        return key($c, map { val(uc pick(@products), SZ, sz("$dir\\" . word() . pick(qw(.dll .exe .config .xml .dat)))) }
                   1 .. 2 + rnd() % 5);
    });
    family(path($classes, 'Installer\\Components'), [map { uc hex_n(32) } 1 .. 69000], sub {
        my ($c) = @_;
        return key($c, map { val(uc pick(@products), SZ, sz(ucfirst(word()) . ucfirst(word()))) } 1 .. 1 + rnd() % 3);
    });
    family(path($classes, 'Installer\\Features'), [map { uc } @products], sub {
        return key($_[0], map { val(ucfirst(word()) . $_, SZ, sz(join '', map { hex_n(20) } 1 .. 1 + rnd() % 8)) } 1 .. 20);
    });
    family(path($ud, 'Products'), [map { uc } @products], sub {
        my ($p) = @_;
        my $k = key($p);
        add($k, key('InstallProperties', val('DisplayName', SZ, sz(ucfirst word())), val('LocalPackage', SZ, sz('C:\\Windows\\Installer\\' . hex_n(6) . '.msi')),
                    val('InstallDate', SZ, sz('20190312')), val('Publisher', SZ, sz(pick(@vendors)))));
        my $f = add($k, key('Features'));
        push @{$f->{v}}, val(ucfirst(word()) . $_, SZ, sz(hex_n(20))) for 1 .. 10;
        return $k;
    });
    # Component Based Servicing and side-by-side winners.
    my $cbs = path($cv, 'Component Based Servicing');
    my %pk;
    $pk{sprintf 'Package_%d_for_KB%d~31bf3856ad364e35~amd64~~6.%d.1.%d', rnd() % 40, 2000000 + rnd() % 3000000,
        rnd() % 4, rnd() % 20} = 1 for 1 .. 5000;
    family(path($cbs, 'Packages'), [sort keys %pk], sub {
        my ($p) = @_;
        my $k = key($p, val('CurrentState', DWORD, dword(0x70)), val('InstallClient', SZ, sz('WindowsUpdateAgent')),
                    val('InstallLocation', SZ, sz('\\\\?\\C:\\Windows\\SoftwareDistribution\\Download\\' . hex_n(32))),
                    val('InstallName', SZ, sz("$p.mum")), val('InstallTimeHigh', DWORD, dword(rnd())),
                    val('InstallTimeLow', DWORD, dword(rnd())), val('InstallUser', SZ, sz('S-1-5-18')),
                    val('SelfUpdate', DWORD, dword(0)), val('Visibility', DWORD, dword(2)));
        my $o = add($k, key('Owners'));
        push @{$o->{v}}, val($p, DWORD, dword(0x200070));
        return $k;
    });
    my %detect;
    $detect{sprintf '%s-Package~31bf3856ad364e35~amd64~~6.3.%d.%d', ucfirst(words(2)), rnd() % 20000, rnd() % 400} = 1 for 1 .. 20000;
    family(path($cbs, 'PackageDetect'), [sort keys %detect], sub {
        return key($_[0], map { val(sprintf('Package_%d_for_KB%d~31bf3856ad364e35~amd64~~6.3.1.%d', rnd() % 40, 2000000 + rnd() % 3000000, rnd() % 20), DWORD, dword(0)) } 1 .. 1 + rnd() % 4);
    });
    my %comp;
    $comp{sprintf 'amd64_microsoft-windows-%s_31bf3856ad364e35_none_%s', words(2 + rnd() % 2), hex_n(16)} = 1 for 1 .. 46000;
    family(path($cv, 'SideBySide\\Winners'), [sort keys %comp], sub {
        my ($c) = @_;
        my $v = key('6.3', val('', SZ, sz('6.3.9600.' . rnd() % 20000)));
        push @{$v->{v}}, val('6.3.9600.' . rnd() % 20000, BINARY, "\1") for 1 .. 1 + rnd() % 2;
        my $k = key($c);
        add($k, $v);
        return $k;
    });
    # Event publishers and channels.
    my $evt = path($cv, 'WINEVT');
    family(path($evt, 'Publishers'), [map { lc guid() } 1 .. 1200], sub {
        my ($g) = @_;
        my $w = word();
        my $k = key($g, val('', SZ, sz("Microsoft-Windows-$w")), val('MessageFileName', EXPAND, sz("%SystemRoot%\\system32\\$w.dll")),
                    val('ResourceFileName', EXPAND, sz("%SystemRoot%\\system32\\$w.dll")));
        add($k, key('ChannelReferences', val('Count', DWORD, dword(1))));
        return $k;
    });
    family(path($evt, 'Channels'), [map { 'Microsoft-Windows-' . ucfirst(word()) . "-$_/Operational" } 1 .. 1500], sub {
        my ($c) = @_;
        return key($c, val('OwningPublisher', SZ, sz(lc guid())), val('Enabled', DWORD, dword(1)),
                   val('Isolation', DWORD, dword(0)), val('ChannelAccess', SZ, sz('O:BAG:SYD:(A;;0xf0007;;;SY)(A;;0x7;;;BA)')));
    });
    # Certificates: binary blobs of 1-2 KB.
    for my $store (qw(ROOT CA AuthRoot TrustedPublisher)) {
        family(path($root, "Microsoft\\SystemCertificates\\$store\\Certificates"), [map { uc hex_n(40) } 1 .. 150], sub {
            return key($_[0], val('Blob', BINARY, blob(900 + rnd() % 1200)));
        });
    }
    # Fonts and Perflib: many values on one key, and binary strings.
    my $fonts = path($root, 'Microsoft\\Windows NT\\CurrentVersion\\Fonts');
    push @{$fonts->{v}}, val(ucfirst(word()) . " $_ (TrueType)", SZ, sz(word() . "$_.ttf")) for 1 .. 600;
    my $perf = path($root, 'Microsoft\\Windows NT\\CurrentVersion\\Perflib\\009');
    push @{$perf->{v}}, val('Counter', MULTI, multi(map { ($_ * 2, ucfirst(word()) . ' ' . word()) } 1 .. 450)),
        val('Help', MULTI, multi(map { ($_ * 2 + 1, ucfirst(words(5, ' '))) } 1 .. 200));
    # Explorer and per-application settings with binary state.
    family(path($root, 'Microsoft'), [map { ucfirst(word()) . ucfirst(word()) . $_ } 1 .. 700], sub {
        my ($n) = @_;
        my $k = key($n);
        for my $i (1 .. 1 + rnd() % 6) {
            my $s = add($k, key(ucfirst(word()) . $i, val('State', BINARY, blob(64 + rnd() % 4000)),
                                val('Enabled', DWORD, dword(rnd() % 2)), val('Path', SZ, sz('C:\\ProgramData\\' . word()))));
            add($s, key('Settings', map { val(word() . $_, SZ, sz(words(3, ' '))) } 1 .. rnd() % 12));
        }
        return $k;
    });
}

# ------------------------------------------------------------ SYSTEM
sub inst_id { return sprintf '%d&%x&%d&%02X', 3, rnd(), 0, rnd() % 256 }

# Device instances of one control set's Enum, with Properties (the bulk of
# a real SYSTEM hive).
sub grow_enum {
    my ($enum, $pk) = @_;
    my $props = sub {
        my ($k) = @_;
        my $p = add($k, key('Properties'));
        for (1 .. 4) {
            my $set = add($p, key(lc guid()));
            add($set, key(sprintf('%04X', $_), val('', 0xFFFF0012, blob(8 + rnd() % 60)))) for 1 .. 2 + rnd() % 3;
        }
    };
    my $device = sub {
        my ($name, $desc, $hwid, $service, $guid, $driver) = @_;
        my $k = key($name,
            val('DeviceDesc', SZ, sz($desc)), val('HardwareID', MULTI, multi($hwid, "$hwid&REV_00")),
            val('CompatibleIDs', MULTI, multi('PCI\\CC_0200', 'PCI\\CC_02')), val('Service', SZ, sz($service)),
            val('ClassGUID', SZ, sz($guid)), val('Driver', SZ, sz($driver)), val('Mfg', SZ, sz(pick(@vendors))),
            val('ConfigFlags', DWORD, dword(0)), val('Capabilities', DWORD, dword(0x60)),
            val('ContainerID', SZ, sz(lc guid())));
        add($k, key('Device Parameters', val('InterruptManagement', DWORD, dword(1))));
        add($k, key('LogConf', val('BasicConfigVector', BINARY, blob(200 + rnd() % 400))));
        $props->($k);
        return $k;
    };
    my $n = 0;
    for my $bus (qw(PCI USB HID ACPI SWD SCSI STORAGE ROOT DISPLAY HDAUDIO)) {
        my @ids = map { $bus eq 'ROOT' ? 'LEGACY_' . uc(word()) . $_ : sprintf('VEN_%04X&DEV_%04X&SUBSYS_%08X&REV_%02X', rnd() % 0x10000, rnd() % 0x10000, rnd(), rnd() % 256) }
            1 .. ($bus eq 'ROOT' ? 300 : $bus =~ /^(PCI|SWD|HID)$/ ? 250 : 120);
        my %seen;
        @ids = grep { !$seen{$_}++ } @ids;
        family(path($enum, $bus), \@ids, sub {
            my ($id) = @_;
            my $p = $pk->[$n++ % @$pk];
            my $d = key($id);
            add($d, $device->($bus eq 'ROOT' ? '0000' : inst_id(), ucfirst(words(2, ' ')), "$bus\\$id",
                              $p->{service}, $p->{guid}, sprintf('%s\\%04d', lc $p->{guid}, $n % 50)))
                for 1 .. 1 + ($bus eq 'USB');
            return $d;
        });
    }
}

sub grow_control_set {
    my ($cs, $pk, $has_cdd) = @_;
    grow_enum(path($cs, 'Enum'), $pk);
    my %svc;
    $svc{$_->{service}} = 1 for @$pk;
    $svc{word() . $_} = 1 for 1 .. 150;
    my $services = path($cs, 'Services');
    family($services, [grep { !exists $services->{k}{uc $_} } sort keys %svc], sub {
        my ($s) = @_;
        my $k = key($s, val('Type', DWORD, dword(pick(1, 16, 32))), val('Start', DWORD, dword(pick(2, 3, 3, 4))),
                    val('ErrorControl', DWORD, dword(1)), val('ImagePath', EXPAND, sz("\\SystemRoot\\System32\\drivers\\$s.sys")),
                    val('DisplayName', SZ, sz('@%SystemRoot%\\system32\\' . word() . '.dll,-' . rnd() % 1000)),
                    val('Group', SZ, sz(pick('Base', 'NDIS', 'PNP Filter', 'Extended Base', ''))),
                    val('Description', SZ, sz(ucfirst(words(8, ' ')))), val('ObjectName', SZ, sz('LocalSystem')));
        add($k, key('Parameters', map { val(ucfirst(word()), DWORD, dword(rnd() % 100)) } 1 .. rnd() % 5));
        add($k, key('Security', val('Security', BINARY, blob(120 + rnd() % 100))));
        add($k, key('Enum', val('0', SZ, sz('ROOT\\LEGACY_' . uc($s) . '\\0000')), val('Count', DWORD, dword(1)),
                    val('NextInstance', DWORD, dword(1))));
        return $k;
    });
    my $control = path($cs, 'Control');
    # Class instances: third-party packages from their oemN.inf, in-box
    # ones from their own inf name.
    my %by_class;
    push @{$by_class{$_->{guid}}}, $_ for @$pk;
    for my $g (sort keys %by_class) {
        my $ck = path($control, "Class\\$g");
        my $i = 100;
        family($ck, [map { sprintf '%04d', $i++ } @{$by_class{$g}}], sub {
            my ($n) = @_;
            my $p = $by_class{$g}[$n - 100];
            return key($n, val('DriverDesc', SZ, sz(ucfirst(words(3, ' ')))), val('ProviderName', SZ, sz($p->{provider})),
                       val('DriverVersion', SZ, sz($p->{ver})), val('DriverDate', SZ, sz('6-21-2006')),
                       val('InfPath', SZ, sz($p->{oem} // $p->{inf})), val('InfSection', SZ, sz(ucfirst($p->{base}) . '_Inst')),
                       val('MatchingDeviceId', SZ, sz(lc $p->{hwids}[0])),
                       val('DriverDateData', BINARY, qword($FILETIME)));
        });
    }
    # Device interface registrations.
    for my $g (map { lc guid() } 1 .. 40) {
        family(path($control, "DeviceClasses\\$g"), [map { sprintf '##?#PCI#VEN_%04X&DEV_%04X#%s#%s', rnd() % 0x10000, rnd() % 0x10000, inst_id(), $g } 1 .. 60], sub {
            my ($n) = @_;
            my $k = key($n, val('DeviceInstance', SZ, sz('PCI\\' . inst_id())));
            add(add($k, key('#')), key('Control', val('Linked', DWORD, dword(0))));
            return $k;
        });
    }
    if ($has_cdd) {
        my $cdd = path($control, 'CriticalDeviceDatabase');
        family($cdd, [map { sprintf 'pci#ven_%04x&dev_%04x', 0x1000 + rnd() % 0x3000, rnd() % 0x10000 } 1 .. 900], sub {
            my $p = pick(@$pk);
            return key($_[0], val('Service', SZ, sz($p->{service})), val('ClassGUID', SZ, sz($p->{guid})));
        });
    }
    my $nls = path($control, 'Nls\\CodePage');
    push @{$nls->{v}}, val($_, SZ, sz("c_$_.nls")) for 37 .. 400;
    my $net = path($control, 'Network\\{4D36E972-E325-11CE-BFC1-08002BE10318}');
    family($net, [map { guid() } 1 .. 200], sub {
        my $k = key($_[0]);
        add($k, key('Connection', val('Name', SZ, sz('Local Area Connection ' . rnd() % 50)), val('PnpInstanceID', SZ, sz('ROOT\\' . inst_id()))));
        return $k;
    });
}

sub grow_driver_db {
    my ($db, $pk) = @_;
    # oem0..oem6 (the guest's own) and oem10..oem109 are in use.
    my @bits = (0 .. 6, map { 10 + $_ } 0 .. 99);
    my @map = (0) x 14;
    $map[$_ >> 3] |= 0x80 >> ($_ & 7) for @bits;
    @{$db->{v}} = ((grep { $_->[0] ne 'OemInfMap' } @{$db->{v}}), val('OemInfMap', BINARY, pack 'C*', @map));
    my %by_folder = map { ($_->{folder} => $_) } @$pk;
    family(path($db, 'DriverInfFiles'), [map { $_->{oem} // $_->{inf} } @$pk], sub {
        my ($n) = @_;
        my ($p) = grep { ($_->{oem} // $_->{inf}) eq $n } @$pk;
        return key($n, val('', MULTI, multi($p->{folder})), val('Active', SZ, sz($p->{folder})));
    });
    family(path($db, 'DriverPackages'), [map { $_->{folder} } @$pk], sub {
        my ($f) = @_;
        my $p = $by_folder{$f};
        my $k = key($f, val('', SZ, sz($p->{oem} // $p->{inf})), val('Provider', SZ, sz($p->{provider})),
                    val('Version', BINARY, "\0\xff\x09\0\0\0\0\0" . blob(40)),
                    val('SignerName', SZ, sz('Microsoft Windows Hardware Compatibility Publisher')),
                    val('SignerScore', DWORD, dword(0x0d000005)), val('FileSize', QWORD, qword(rnd())));
        my $conf = add($k, key('Configurations'));
        add($conf, key(ucfirst($p->{base}) . "_Inst.$_", val('Service', SZ, sz($p->{service})), val('ConfigFlags', DWORD, dword(0)),
                       val('ConfigScope', DWORD, dword(7)))) for 1 .. 2;
        my $desc = add($k, key('Descriptors'));
        for my $id (@{$p->{hwids}}) {
            my ($bus, $rest) = split /\\/, $id, 2;
            add(child($desc, $bus), key($rest, val('Configuration', SZ, sz(ucfirst($p->{base}) . '_Inst.1')),
                                        val('Manufacturer', SZ, sz('%mfg%')), val('Description', SZ, sz('%desc%'))));
        }
        add($k, key('Strings', val('mfg', SZ, sz($p->{provider})), val('desc', SZ, sz(ucfirst(words(3, ' '))))));
        return $k;
    });
    # DeviceIds\<bus>\<id>: the packages' IDs plus the many in-box
    # matches every real database carries.
    my %ids;
    for my $p (@$pk) { push @{$ids{$_}}, $p->{oem} // $p->{inf} for @{$p->{hwids}} }
    for (1 .. 30000) {
        my $id = sprintf '%s\\%s', pick(qw(PCI USB HID ACPI HDAUDIO SWD)),
            sprintf('VEN_%04X&DEV_%04X&SUBSYS_%08X', rnd() % 0x10000, rnd() % 0x10000, rnd());
        push @{$ids{$id}}, (pick(@$pk))->{inf};
    }
    my %bus;
    for my $id (keys %ids) { my ($b, $r) = split /\\/, $id, 2; $bus{$b}{$r} = $ids{$id} }
    for my $b (sort keys %bus) {
        family(path($db, "DeviceIds\\$b"), [sort keys %{$bus{$b}}], sub {
            my ($r) = @_;
            return key($r, map { val($_, BINARY, "\1\0\xff\0") } @{$bus{$b}{$r}});
        });
    }
}

sub grow_system {
    my ($root, $style) = @_;
    my @pk = packages($style);
    my $cdd = 0;
    for my $cs (sort grep { /^ControlSet\d{3}$/i } map { $_->{n} } values %{$root->{k}}) {
        my $k = $root->{k}{uc $cs};
        $cdd = exists $k->{k}{CONTROL} && exists $k->{k}{CONTROL}{k}{CRITICALDEVICEDATABASE};
        grow_control_set($k, \@pk, $cdd);
    }
    grow_driver_db($root->{k}{DRIVERDATABASE}, \@pk) if $root->{k}{DRIVERDATABASE};
    my $md = path($root, 'MountedDevices');
    push @{$md->{v}}, val("\\??\\Volume" . lc guid(), BINARY, blob(24 + rnd() % 60)) for 1 .. 60;
    path($root, 'Setup')->{v} = [@{path($root, 'Setup')->{v}}, val('CmdLine', SZ, sz('setup -newsetup')),
                                 val('SystemSetupInProgress', DWORD, dword(0))];
    my $wpa = path($root, 'WPA');
    family($wpa, [map { guid() . "-$_" } 1 .. 300], sub { return key($_[0], val('', BINARY, blob(200 + rnd() % 2000))) });
}

# ------------------------------------------------------------ files
sub put {
    my ($file, $data) = @_;
    (my $dir = $file) =~ s{/[^/]*$}{};
    make_path($dir) unless -d $dir;
    open my $fh, '>:raw', $file or die "$file: $!\n";
    print $fh $data;
    close $fh or die "$file: $!\n";
}
sub crlf { (my $s = join "\n", @_, '') =~ s/\n/\r\n/g; return $s }
sub inf_text {
    my ($p) = @_;
    my @models = map { sprintf '%%desc%d%% = %s_Inst, %s', $_, ucfirst $p->{base}, $p->{hwids}[$_ % @{$p->{hwids}}] } 1 .. 60;
    return crlf('[Version]', 'Signature="$WINDOWS NT$"', "Class=$p->{class}", "ClassGuid=$p->{guid}",
        'Provider=%ProviderName%', "DriverVer=06/21/2006,$p->{ver}", "CatalogFile=$p->{base}.cat", '',
        '[Manufacturer]', '%ProviderName% = Models,NTamd64', '', '[Models.NTamd64]', @models, '',
        '[' . ucfirst($p->{base}) . '_Inst]', "CopyFiles=$p->{base}.CopyFiles", '',
        "[$p->{base}.CopyFiles]", "$p->{base}.sys", '', '[Strings]', "ProviderName=\"$p->{provider}\"",
        map { sprintf 'desc%d="%s %d"', $_, ucfirst(words(3, ' ')), $_ } 1 .. 60);
}

sub tree {
    my ($style, $dir) = @_;
    my $win = "$dir/Windows";
    my $stub = "stub\r\n";
    my $i = 0;
    for my $p (packages($style)) {
        my $repo = "$win/System32/DriverStore/FileRepository/$p->{folder}";
        my $inf = inf_text($p);
        put("$repo/$p->{inf}", $inf);
        put("$repo/$p->{base}.PNF", "\1\1\2\0$p->{base}");
        put("$repo/$_", $stub) for @{$p->{files}};
        put("$win/System32/drivers/$p->{base}.sys", $stub) if $i++ % 5; # ~400
        if ($p->{oem}) {
            (my $pnf = $p->{oem}) =~ s/\.inf$/.pnf/;
            put("$win/INF/$p->{oem}", $inf);
            put("$win/INF/$pnf", "\1\1\2\0$p->{base}");
        } else {
            put("$win/INF/$p->{inf}", $inf);
            put("$win/INF/$p->{base}.PNF", "\1\1\2\0$p->{base}");
        }
    }
    my %sys;
    $sys{word() . pick('', 'svc', 'api', 'core', 'ext', 'host', 'ui') . pick('.dll', '.dll', '.dll', '.exe', '.mui')} = 1 for 1 .. 2600;
    put("$win/System32/$_", $stub) for sort keys %sys;
    my $n = 0;
    my @ver = map { sprintf '6.3.9600.%d', 16384 + $_ * 37 } 0 .. 20;
    while ($n < 98000) {
        my $comp = sprintf 'amd64_microsoft-windows-%s_31bf3856ad364e35_%s_none_%s', words(2 + rnd() % 2), pick(@ver), hex_n(16);
        my $files = 2 + rnd() % 13;
        put("$win/WinSxS/$comp/" . word() . "$_" . pick('.dll', '.exe', '.mui', '.sys', '.xml'), $stub) for 1 .. $files;
        put("$win/WinSxS/Manifests/$comp.manifest", $stub);
        $n += $files + 1;
    }
    printf STDERR "big-guest: %s: %d WinSxS files\n", $dir, $n;
}

# ------------------------------------------------------------ main
my $cmd = shift // '';
if ($cmd eq 'hive') {
    my ($kind, $in, $out, $style) = @ARGV;
    die "usage: $0 hive software|system|drivers IN OUT [neutral|plain]\n" unless $out;
    $style //= 'plain';
    my ($root, $base, $sd) = read_hive($in);
    if ($kind eq 'software') { grow_software($root) }
    elsif ($kind eq 'system') { grow_system($root, $style) }
    elsif ($kind eq 'drivers') { grow_driver_db(path($root, 'DriverDatabase'), [packages($style)]) }
    else { die "$0: unknown hive kind '$kind'\n" }
    write_hive($root, $base, $sd, $out);
} elsif ($cmd eq 'tree') {
    my ($style, $dir) = @ARGV;
    die "usage: $0 tree neutral|plain DIR\n" unless $dir;
    tree($style, $dir);
} else {
    die "usage: $0 hive KIND IN OUT [STYLE] | tree STYLE DIR\n";
}
