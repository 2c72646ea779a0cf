using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Portal.Web.Tests.Exposure;

/// <summary>
/// A bUnit context whose import workflow is the one of a running portal (<see cref="ImportHost"/>), with its real
/// database, queue and hosted import service, so components are tested against what they really call.
/// </summary>
internal sealed class ImportComponentContext : IAsyncDisposable
{
    private ImportComponentContext(ImportHost host)
    {
        Host = host;
        Context.Services.AddMudServices();
        Context.Services.AddLocalization();
        Context.Services.AddSingleton(host.Workflow);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public ImportHost Host { get; }

    public BunitContext Context { get; } = new();

    public static async Task<ImportComponentContext> StartAsync(params (string Key, string Value)[] settings) =>
        new(await ImportHost.StartAsync(settings));

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>
/// Sets the culture for the rest of a test and restores it at the end. Set from the test method itself: a culture set
/// inside an awaited method does not flow back to its caller.
/// </summary>
internal sealed class CultureScope : IDisposable
{
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;

    private CultureScope(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    public static CultureScope Use(string name) => new(name);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}
