import { describe, expect, it } from 'vitest';
import { refusedPathReason } from '../../../electron/core/ingest/pathTrust';

describe('paths the engine refuses to import', () => {
  it.each([
    ['/', 'linux', /root of the filesystem/],
    ['/etc', 'linux', /operating system/],
    ['/etc/ssh/', 'linux', /operating system/],
    ['/usr/share/doc', 'linux', /operating system/],
    ['/proc/self/environ', 'linux', /operating system/],
    ['/var', 'linux', /operating system/],
    ['/var/log/syslog', 'linux', /operating system/],
    ['/run/user/1000/keyring', 'linux', /operating system/],
    ['/home/dr/../../etc', 'linux', /operating system/],
    ['/System/Library', 'darwin', /operating system/],
    ['//fileserver/notes', 'linux', /network \(UNC\) path/],
    ['\\\\fileserver\\notes', 'win32', /network \(UNC\) path/],
    ['\\\\?\\UNC\\fileserver\\notes', 'win32', /network \(UNC\) path/],
    ['//fileserver/notes', 'win32', /network \(UNC\) path/],
    ['C:\\', 'win32', /root of a drive/],
    ['D:', 'win32', /root of a drive/],
    ['C:\\Windows\\System32\\config', 'win32', /folder of Windows/],
    ['c:\\program files\\Clinote', 'win32', /folder of Windows/],
  ] as const)('%s (%s)', (path, platform, reason) => {
    expect(refusedPathReason(path, platform)).toMatch(reason);
  });

  it.each([
    ['/home/dr/notes', 'linux'],
    ['/tmp/clinote-test/inbox', 'linux'],
    ['/run/media/dr/USB/notes', 'linux'],
    ['/var/folders/xy/T/clinote', 'darwin'],
    ['/Users/dr/Library/Mobile Documents/notes', 'darwin'],
    ['/media/dr/USB', 'linux'],
    ['C:\\Users\\dr\\Documents\\notes', 'win32'],
    ['D:\\clinic\\letters', 'win32'],
  ] as const)('allows %s (%s)', (path, platform) => {
    expect(refusedPathReason(path, platform)).toBeUndefined();
  });
});
