using System.Net;
using System.Text;

namespace Portal.Web.Tests.Exposure;

public sealed class InvalidLinesDownloadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        await using var host = await ImportHost.StartAsync();
        var preview = await host.PreviewAsync(ImportHost.Lines(["a@example.com", "broken"]));
        using var client = host.App.CreateFormClient();

        using var response = await client.Http.GetAsync(Url(preview.Batch.Id), Token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customers_are_refused()
    {
        await using var host = await ImportHost.StartAsync();
        var preview = await host.PreviewAsync(ImportHost.Lines(["a@example.com", "broken"]));
        using var client = await host.SignedInCustomerAsync();

        using var response = await client.Http.GetAsync(Url(preview.Batch.Id), Token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", response.Headers.Location!.AbsolutePath);
        Assert.Empty(await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task An_admin_downloads_every_invalid_line_with_its_number_and_reason()
    {
        await using var host = await ImportHost.StartAsync();
        // 250 invalid lines (more than the 100 on screen) among valid ones, then two other kinds of problem.
        var lines = Enumerable.Range(0, 500).Select(i => i % 2 == 0 ? $"user{i}@example.com" : $"user{i}-at-example.com")
            .Append("jo@exa mple.com")
            .Append(new string('x', 3000));
        var preview = await host.PreviewAsync(ImportHost.Lines(lines));
        Assert.Equal(252, preview.Batch.InvalidCount);
        using var client = await host.SignedInAdminAsync();

        using var response = await client.Http.GetAsync(Url(preview.Batch.Id), Token);
        var body = await response.Content.ReadAsByteArrayAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"invalid-lines-{preview.Batch.Id}.csv", response.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), body[..3]);
        var rows = Encoding.UTF8.GetString(body[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,reason", rows[0]);
        Assert.Equal(253, rows.Length);
        Assert.Equal("2,No @ sign", rows[1]);
        Assert.Equal("500,No @ sign", rows[250]);
        Assert.Equal("501,Invalid domain name", rows[251]);
        Assert.Equal("502,Line longer than 2048 characters", rows[252]);
        // Reasons only: the download never repeats the addresses themselves.
        Assert.DoesNotContain("example.com", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reasons_are_in_the_admins_language()
    {
        await using var host = await ImportHost.StartAsync();
        var preview = await host.PreviewAsync("email,language\na@example.com,fr\nb@example.com,de\n", "list.csv");
        using var client = await host.SignedInAdminAsync("fr");

        var csv = await client.Http.GetStringAsync(Url(preview.Batch.Id), Token);

        Assert.Equal("line,reason\r\n3,Langue inconnue (utilisez en ou fr)\r\n", csv.TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task Once_the_upload_is_gone_the_download_is_not_found()
    {
        await using var host = await ImportHost.StartAsync();
        var preview = await host.PreviewAsync(ImportHost.Lines(["a@example.com", "broken"]));
        await host.Workflow.CancelPreviewAsync(preview.Batch.Id);
        using var client = await host.SignedInAdminAsync();

        using var response = await client.Http.GetAsync(Url(preview.Batch.Id), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Url(long batchId) => $"admin/exposure/imports/{batchId}/invalid-lines.csv";
}
