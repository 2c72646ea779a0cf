using Portal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
await app.PreparePortalAsync();

if (await app.RunCommandLineVerbAsync(args))
{
    return;
}

app.UsePortal();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
