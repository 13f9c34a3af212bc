using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// The few Linux calls .NET has no API for: <c>openat2</c>, to read a session's files without following a link the
/// code planted there, and <c>chown</c>, to hand a session directory to the sandbox uid.
/// </summary>
internal static class Libc
{
    // Generic Linux values, the same on x86-64 and arm64 (O_NOFOLLOW and O_DIRECTORY differ, so they are not used).
    private const ulong ReadOnly = 0, NonBlocking = 0x800, CloseOnExec = 0x80000, PathOnly = 0x200000;
    private const ulong ResolveNoXdev = 0x01, ResolveNoMagicLinks = 0x02, ResolveNoSymlinks = 0x04, ResolveBeneath = 0x08;
    private const int AtCurrentDirectory = -100;
    private const long SysOpenat2 = 437;

    /// <summary>
    /// Opens <paramref name="relativePath"/> for reading only if every component of it is a real entry beneath
    /// <paramref name="directory"/>: no symlink, no <c>..</c> out, no other mount. Non-blocking, so a FIFO cannot hang
    /// the caller. Returns null when the kernel refuses.
    /// </summary>
    public static SafeFileHandle? OpenBeneath(string directory, string relativePath)
    {
        var root = new OpenHow { Flags = PathOnly | CloseOnExec };
        var rootFd = syscall(SysOpenat2, AtCurrentDirectory, directory, ref root, (nuint)Marshal.SizeOf<OpenHow>());
        if (rootFd < 0)
            return null;
        try
        {
            var how = new OpenHow
            {
                Flags = ReadOnly | NonBlocking | CloseOnExec,
                Resolve = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks | ResolveNoXdev,
            };
            var fd = syscall(SysOpenat2, rootFd, relativePath, ref how, (nuint)Marshal.SizeOf<OpenHow>());
            return fd < 0 ? null : new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        }
        finally
        {
            close((int)rootFd);
        }
    }

    /// <summary>Whether the kernel has <c>openat2</c> (Linux 5.6 and later).</summary>
    public static bool HasOpenat2()
    {
        var how = new OpenHow { Flags = PathOnly | CloseOnExec };
        var fd = syscall(SysOpenat2, AtCurrentDirectory, "/", ref how, (nuint)Marshal.SizeOf<OpenHow>());
        if (fd < 0)
            return false;
        close((int)fd);
        return true;
    }

    public static void Chown(string path, int uid)
    {
        if (chown(path, (uint)uid, (uint)uid) != 0)
            throw new IOException($"chown {uid} {path} failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    public static void Chown(SafeFileHandle file, int uid)
    {
        if (fchown((int)file.DangerousGetHandle(), (uint)uid, (uint)uid) != 0)
            throw new IOException($"fchown {uid} failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    // glibc's syscall() only moves registers, so calling the variadic function with a fixed signature is safe.
    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number, long dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref OpenHow how, nuint size);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    [DllImport("libc", SetLastError = true)]
    private static extern int fchown(int fd, uint owner, uint group);
}
