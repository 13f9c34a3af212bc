using System.Runtime.Versioning;
using System.Text;
using Spindle.Core.Tools;

namespace Spindle.Tools.Tests.CodeInterpreter;

[SupportedOSPlatform("linux")]
public sealed class CodeExecutionTests : IDisposable
{
    private readonly TestSandbox _sandbox = TestSandbox.Create();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Code_runs_and_its_output_comes_back()
    {
        var result = await _sandbox.RunAsync("print('hello from', 6 * 7)");

        Assert.Equal(CodeExecutionStatus.Completed, result.Status);
        Assert.Equal("hello from 42\n", result.Logs);
        Assert.Null(result.Error);
        Assert.False(result.Truncated);
        Assert.Empty(result.OutputFiles);
    }

    [Fact]
    public async Task Stdout_stderr_and_subprocess_output_come_back_in_the_order_written()
    {
        var result = await _sandbox.RunAsync("""
            import subprocess, sys
            print('one')
            print('two', file=sys.stderr)
            subprocess.run(['echo', 'three'])
            print('four')
            """);

        Assert.Equal("one\ntwo\nthree\nfour\n", result.Logs);
    }

    [Fact]
    public async Task The_value_of_a_last_bare_expression_is_printed_as_in_a_notebook()
    {
        var result = await _sandbox.RunAsync("x = [1, 2]\nx + [3]");

        Assert.Equal("[1, 2, 3]\n", result.Logs);
    }

    [Fact]
    public async Task An_exception_fails_the_call_with_its_traceback_in_the_logs()
    {
        var result = await _sandbox.RunAsync("print('before')\n1 / 0");

        Assert.Equal(CodeExecutionStatus.Failed, result.Status);
        Assert.Equal("ZeroDivisionError: division by zero", result.Error);
        Assert.StartsWith("before\nTraceback (most recent call last):\n", result.Logs, StringComparison.Ordinal);
        Assert.Contains("1 / 0", result.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain("repl", result.Logs, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Interpreter_state_persists_across_calls_of_a_session()
    {
        await _sandbox.RunAsync("import math\ndef area(r):\n    return math.pi * r * r\nanswer = 41");

        var result = await _sandbox.RunAsync("print(answer + 1, round(area(1), 2))");

        Assert.Equal("42 3.14\n", result.Logs);
    }

    [Fact]
    public async Task A_file_written_in_one_call_is_an_output_then_persists_for_the_next_call()
    {
        var first = await _sandbox.RunAsync("open('/mnt/data/notes.txt', 'w').write('kept')");
        var second = await _sandbox.RunAsync("print(open('notes.txt').read())");

        var output = Assert.Single(first.OutputFiles);
        Assert.Equal("notes.txt", output.Name);
        Assert.Equal("/mnt/data/notes.txt", output.SandboxPath);
        Assert.Equal("kept", Encoding.UTF8.GetString(output.Content));
        Assert.False(output.IsImage);
        Assert.Equal("kept\n", second.Logs);
        Assert.Empty(second.OutputFiles);
    }

    [Fact]
    public async Task Only_files_created_or_changed_during_the_call_are_outputs()
    {
        await _sandbox.RunAsync("import os\nos.makedirs('out', exist_ok=True)\nopen('out/a.txt', 'w').write('a')\nopen('b.txt', 'w').write('b')");

        var result = await _sandbox.RunAsync("open('out/a.txt', 'a').write('more')\nopen('c.txt', 'w').write('c')");

        Assert.Equal(["c.txt", "out/a.txt"], result.OutputFiles.Select(static f => f.Name));
        Assert.Equal("amore", Encoding.UTF8.GetString(result.OutputFiles[1].Content));
    }

    [Fact]
    public async Task An_input_csv_is_read_with_pandas()
    {
        var csv = new SandboxFile("sales.csv", Encoding.UTF8.GetBytes("region,amount\nnorth,10\nsouth,32\n"));

        var result = await _sandbox.RunAsync("""
            import pandas as pd
            df = pd.read_csv('/mnt/data/sales.csv')
            print(df['amount'].sum(), len(df))
            """, csv);

        Assert.Equal(CodeExecutionStatus.Completed, result.Status);
        Assert.Equal("42 2\n", result.Logs);
        Assert.Empty(result.OutputFiles);
    }

    [Fact]
    public async Task An_input_file_replaces_the_previous_one_of_the_same_name_and_can_be_rewritten_by_the_code()
    {
        await _sandbox.RunAsync("pass", new SandboxFile("data.txt", "old"u8.ToArray()));

        var result = await _sandbox.RunAsync("print(open('data.txt').read())\n_ = open('data.txt', 'w').write('rewritten')",
            new SandboxFile("data.txt", "new"u8.ToArray()));

        Assert.Equal("new\n", result.Logs);
        Assert.Equal("rewritten", Encoding.UTF8.GetString(Assert.Single(result.OutputFiles).Content));
    }

    [Fact]
    public async Task A_figure_left_open_comes_back_as_a_png_output_file()
    {
        var result = await _sandbox.RunAsync("""
            import matplotlib.pyplot as plt
            plt.plot([1, 2, 3], [1, 4, 9])
            plt.title('squares')
            """);

        Assert.Equal(CodeExecutionStatus.Completed, result.Status);
        var figure = Assert.Single(result.OutputFiles);
        Assert.Equal("figure_1.png", figure.Name);
        Assert.True(figure.IsImage);
        Assert.Equal("image/png", figure.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], figure.Content[..4]);
    }

    [Fact]
    public async Task Plt_show_saves_each_figure_once_without_a_backend_warning()
    {
        var result = await _sandbox.RunAsync("""
            import matplotlib.pyplot as plt
            plt.plot([1, 2])
            plt.show()
            plt.bar(['a', 'b'], [3, 4])
            plt.savefig('/mnt/data/bars.png')
            """);

        Assert.Equal("", result.Logs);
        Assert.Equal(["bars.png", "figure_1.png"], result.OutputFiles.Select(static f => f.Name));
        Assert.All(result.OutputFiles, static f => Assert.Equal("image/png", f.MediaType));
    }

    [Fact]
    public async Task A_file_named_like_an_image_is_not_an_image_without_the_signature()
    {
        var result = await _sandbox.RunAsync("open('fake.png', 'w').write('not a png')");

        Assert.False(Assert.Single(result.OutputFiles).IsImage);
    }

    [Fact]
    public async Task An_input_file_name_with_a_directory_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _sandbox.RunAsync("pass", new SandboxFile("../escape.txt", [1])));
    }
}
