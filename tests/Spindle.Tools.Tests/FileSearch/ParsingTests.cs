using Spindle.Testing;
using System.Text;
using Spindle.Core.Retrieval;
using Spindle.Tools.FileSearch.Parsing;

namespace Spindle.Tools.Tests.FileSearch;

public sealed class ParsingTests
{
    [Fact]
    public async Task A_pdf_is_read_page_by_page_in_reading_order()
    {
        var pdf = TestDocuments.Pdf(
            ["Quarterly report", "Revenue grew by twelve percent."],
            ["Second page", "The warehouse in Lyon opened in March."]);

        var text = await ParseAsync("report.pdf", pdf);

        Assert.Equal("Quarterly report\nRevenue grew by twelve percent.\n\nSecond page\nThe warehouse in Lyon opened in March.", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_docx_yields_its_paragraphs_and_table_cells_in_order()
    {
        var docx = TestDocuments.Docx(
            ["Onboarding guide", "Badges are collected at the front desk."],
            [["Team", "Floor"], ["Platform", "4"], ["Billing", "2"]],
            "Ask Dana for a parking permit.");

        var text = await ParseAsync("guide.docx", docx);

        Assert.Equal("Onboarding guide\nBadges are collected at the front desk.\nTeam\tFloor\nPlatform\t4\nBilling\t2\nAsk Dana for a parking permit.", text);
    }

    [Fact]
    public async Task Html_keeps_visible_text_and_drops_scripts_styles_and_comments()
    {
        const string html = """
            <!DOCTYPE html><html><head><title>Release notes</title><style>p { color: red }</style>
            <script>var secret = "do not index";</script></head>
            <body><!-- hidden --><h1>Version&nbsp;2.1</h1><p>Fixes &amp; improvements for <b>search</b>.</p>
            <table><tr><td>Fix</td><td>Crash on &lt;empty&gt; files</td></tr></table><br/>Thanks&#33;</body></html>
            """;

        var text = await ParseAsync("notes.html", Encoding.UTF8.GetBytes(html));

        Assert.Equal("Release notes\nVersion 2.1\nFixes & improvements for search.\nFix Crash on <empty> files\nThanks!", text);
    }

    [Theory]
    [InlineData("notes.txt", "Plain notes.\nSecond line.")]
    [InlineData("README.md", "# Title\n\nSome *markdown* with `code`.")]
    [InlineData("data.json", """{"name": "spindle", "tags": ["a", "b"]}""")]
    [InlineData("table.csv", "id,name\n1,Ada\n2,Grace")]
    [InlineData("Program.cs", "Console.WriteLine(\"hi\");")]
    [InlineData("script.py", "def f(x):\n    return x * 2")]
    [InlineData("app.ts", "export const answer: number = 42;")]
    [InlineData("main.go", "package main\n\nfunc main() {}")]
    [InlineData("schema.sql", "SELECT * FROM runs WHERE status = 'queued';")]
    [InlineData("config.yaml", "spindle:\n  port: 8080")]
    [InlineData("pom.xml", "<project><version>1</version></project>")]
    [InlineData("UPPER.TXT", "Extensions are case-insensitive.")]
    public async Task Text_formats_are_indexed_as_written(string fileName, string content)
    {
        Assert.Equal(content, await ParseAsync(fileName, Encoding.UTF8.GetBytes(content)));
    }

    [Fact]
    public async Task A_utf8_bom_is_dropped_and_utf16_is_decoded()
    {
        Assert.Equal("café", await ParseAsync("a.txt", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("café")]));
        Assert.Equal("café", await ParseAsync("b.txt", [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes("café")]));
    }

    [Fact]
    public async Task A_file_without_a_known_extension_is_read_by_its_content()
    {
        Assert.Equal("just text", await ParseAsync("LICENSE", Encoding.UTF8.GetBytes("just text")));
        Assert.StartsWith("Page one", await ParseAsync("scan", TestDocuments.Pdf(["Page one"])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_pdf_is_an_invalid_file()
    {
        var pdf = TestDocuments.Pdf(["Some text"]);

        var error = await Assert.ThrowsAsync<UnreadableFileException>(() => ParseAsync("broken.pdf", pdf[..(pdf.Length / 3)]));

        Assert.Equal("invalid_file", error.Code);
        Assert.Contains("broken.pdf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_name_on_other_bytes_is_an_invalid_file()
    {
        var error = await Assert.ThrowsAsync<UnreadableFileException>(() => ParseAsync("fake.pdf", Encoding.UTF8.GetBytes("not a pdf at all")));

        Assert.Equal("invalid_file", error.Code);
    }

    [Fact]
    public async Task A_corrupt_docx_is_an_invalid_file()
    {
        var docx = TestDocuments.Docx(["Hello"], [["a"]], "bye");

        var error = await Assert.ThrowsAsync<UnreadableFileException>(() => ParseAsync("broken.docx", docx[..(docx.Length / 2)]));

        Assert.Equal("invalid_file", error.Code);
    }

    [Theory]
    [InlineData("blob.bin")]
    [InlineData("photo.png")]
    [InlineData("noextension")]
    public async Task Random_binary_is_an_unsupported_file(string fileName)
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);

        var error = await Assert.ThrowsAsync<UnreadableFileException>(() => ParseAsync(fileName, bytes));

        Assert.Equal("unsupported_file", error.Code);
    }

    [Fact]
    public async Task Binary_under_a_text_name_is_an_invalid_file()
    {
        var error = await Assert.ThrowsAsync<UnreadableFileException>(() => ParseAsync("notes.txt", [0x41, 0x00, 0x42, 0x00, 0xFF]));

        Assert.Equal("invalid_file", error.Code);
    }

    private static async Task<string> ParseAsync(string fileName, byte[] content)
    {
        using var stream = new MemoryStream(content);
        return await DocumentParser.ParseAsync(fileName, stream, TestContext.Current.CancellationToken);
    }
}
