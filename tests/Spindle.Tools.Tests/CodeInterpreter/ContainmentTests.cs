using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Spindle.Core.Tools;

namespace Spindle.Tools.Tests.CodeInterpreter;

/// <summary>What the code cannot reach: the network, the host's files, the host's processes, a writable system.</summary>
[SupportedOSPlatform("linux")]
public sealed class ContainmentTests : IDisposable
{
    private readonly TestSandbox _sandbox = TestSandbox.Create();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Code_cannot_connect_to_a_port_the_host_listens_on_at_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await _sandbox.RunAsync($$"""
            import socket
            s = socket.socket()
            s.settimeout(3)
            try:
                s.connect(('127.0.0.1', {{port}}))
                print('connected')
            except OSError as e:
                print('refused', e.errno)
            """);

        // Inside its own network namespace 127.0.0.1 is the sandbox's own loopback, where nothing listens.
        Assert.Equal("refused 111\n", result.Logs);
        Assert.False(listener.Pending(), "The host's listener saw a connection from the sandbox.");
    }

    [Fact]
    public async Task Code_has_no_network_interface_but_its_own_loopback_and_no_route_out()
    {
        var result = await _sandbox.RunAsync("""
            import socket
            print(sorted(line.split(':')[0].strip() for line in open('/proc/net/dev').readlines()[2:]))
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                s.connect(('1.1.1.1', 53))
                print('routed')
            except OSError as e:
                print('unreachable', e.errno)
            try:
                socket.getaddrinfo('example.com', 443)
                print('resolved')
            except OSError:
                print('no dns')
            """);

        Assert.Equal("['lo']\nunreachable 101\nno dns\n", result.Logs);
    }

    [Fact]
    public async Task Code_cannot_reach_an_abstract_unix_socket_of_the_host()
    {
        var name = "spindle-test-" + Guid.NewGuid().ToString("N");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
        listener.Listen();

        var result = await _sandbox.RunAsync($$"""
            import socket
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect('\0{{name}}')
                print('connected')
            except OSError as e:
                print('refused', e.errno)
            """);

        Assert.Equal("refused 111\n", result.Logs);
        Assert.False(listener.Poll(0, SelectMode.SelectRead), "The host's abstract socket saw a connection from the sandbox.");
    }

    [Fact]
    public async Task A_file_the_host_wrote_in_its_temp_directory_is_not_visible()
    {
        var secret = Path.Combine(_sandbox.Root, "secret.txt");
        await File.WriteAllTextAsync(secret, "host secret", TestContext.Current.CancellationToken);
        var shared = Path.Combine(Path.GetTempPath(), $"spindle-secret-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(shared, "host secret", TestContext.Current.CancellationToken);
        try
        {
            var result = await _sandbox.RunAsync($"""
                import os
                for path in [{Quote(secret)}, {Quote(shared)}]:
                    try:
                        print(open(path).read())
                    except OSError as e:
                        print(type(e).__name__)
                print(os.listdir('/tmp'))
                """);

            Assert.Equal("FileNotFoundError\nFileNotFoundError\n[]\n", result.Logs);
        }
        finally
        {
            File.Delete(shared);
        }
    }

    [Fact]
    public async Task Etc_shadow_is_absent_and_etc_holds_only_what_python_needs()
    {
        var result = await _sandbox.RunAsync("""
            import os
            for path in ['/etc/shadow', '/etc/passwd', '/root', '/home', '/var', '/srv', '/work']:
                print(path, os.path.exists(path))
            print(sorted(os.listdir('/etc')))
            print(sorted(os.listdir('/')))
            """);

        Assert.Equal("""
            /etc/shadow False
            /etc/passwd False
            /root False
            /home False
            /var False
            /srv False
            /work False
            ['alternatives', 'fonts', 'matplotlibrc']
            ['bin', 'dev', 'etc', 'lib', 'lib64', 'mnt', 'proc', 'sbin', 'tmp', 'usr']

            """, result.Logs);
    }

    [Fact]
    public async Task Nothing_outside_mnt_data_and_tmp_is_writable()
    {
        var result = await _sandbox.RunAsync("""
            for path in ['/x', '/usr/x', '/etc/x', '/dev/x', '/mnt/x', '/proc/x', '/tmp/x', '/dev/shm/x', '/mnt/data/x']:
                try:
                    open(path, 'w').write('x')
                    print(path, 'written')
                except OSError:
                    print(path, 'refused')
            import os
            os.remove('/mnt/data/x')
            """);

        Assert.Equal("""
            /x refused
            /usr/x refused
            /etc/x refused
            /dev/x refused
            /mnt/x refused
            /proc/x refused
            /tmp/x written
            /dev/shm/x written
            /mnt/data/x written

            """, result.Logs);
    }

    [Fact]
    public async Task Code_runs_as_an_unprivileged_user_with_no_capabilities_and_sees_only_its_own_processes()
    {
        var result = await _sandbox.RunAsync("""
            import os
            print(os.getuid(), os.getgid(), os.geteuid())
            print([l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff')][0])
            pids = [p for p in os.listdir('/proc') if p.isdigit()]
            print(len(pids) <= 3, os.path.basename(open('/proc/1/cmdline').read().split('\0')[0]))
            """);

        var lines = result.Logs.Split('\n');
        Assert.Equal("1000 1000 1000", lines[0]);
        Assert.Equal("0000000000000000", lines[1]);
        Assert.Equal("True bwrap", lines[2]);
    }

    [Fact]
    public async Task Session_files_on_the_host_belong_to_the_sandbox_uid_when_spindle_is_root()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "Spindle drops to the sandbox uid only when it runs as root.");

        await _sandbox.RunAsync("open('mine.txt', 'w').write('x')");

        var path = Path.Combine(_sandbox.Sandbox.SessionDirectory(TestSandbox.Session), "mine.txt");
        var status = await File.ReadAllTextAsync("/proc/self/status", TestContext.Current.CancellationToken);
        Assert.Contains("Uid:\t0", status, StringComparison.Ordinal);
        Assert.Equal(_sandbox.Options.SandboxUid.ToString(CultureInfo.InvariantCulture), Owner(path));
    }

    [Fact]
    public async Task A_link_the_code_plants_in_mnt_data_never_makes_the_host_read_outside_it()
    {
        var secret = Path.Combine(_sandbox.Root, "secret.txt");
        await File.WriteAllTextAsync(secret, "host secret", TestContext.Current.CancellationToken);

        var result = await _sandbox.RunAsync($"""
            import os
            os.symlink({Quote(secret)}, 'leak.txt')
            os.symlink({Quote(_sandbox.Root)}, 'leakdir')
            os.mkfifo('pipe.csv')
            os.makedirs('real')
            open('real/ok.txt', 'w').write('ok')
            """);

        Assert.Equal(CodeExecutionStatus.Completed, result.Status);
        Assert.Equal("real/ok.txt", Assert.Single(result.OutputFiles).Name);
        Assert.DoesNotContain(result.OutputFiles, static f => Encoding.UTF8.GetString(f.Content).Contains("host secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_input_file_is_written_over_a_planted_link_without_touching_its_target()
    {
        var target = Path.Combine(_sandbox.Root, "target.txt");
        await File.WriteAllTextAsync(target, "original", TestContext.Current.CancellationToken);
        await _sandbox.RunAsync($"import os\nos.symlink({Quote(target)}, 'input.csv')");

        var result = await _sandbox.RunAsync("import os\nprint(os.path.islink('input.csv'), open('input.csv').read())",
            new SandboxFile("input.csv", "a,b\n"u8.ToArray()));

        Assert.Equal("False a,b\n\n", result.Logs);
        Assert.Equal("original", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Sessions_see_neither_each_others_files_nor_variables()
    {
        await _sandbox.RunAsync("thread_a", "secret = 'a'\nopen('a.txt', 'w').write('a')");

        var result = await _sandbox.RunAsync("thread_b", "import os\nprint('secret' in globals(), os.listdir('/mnt/data'))");

        Assert.Equal("False []\n", result.Logs);
    }

    private static string Quote(string path) => "'" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string Owner(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var owner = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return owner;
    }
}
