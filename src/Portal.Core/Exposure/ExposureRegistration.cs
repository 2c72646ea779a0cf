using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;

namespace Portal.Core.Exposure;

public static class ExposureRegistration
{
    public static IServiceCollection AddPortalExposure(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ExposureOptions>(configuration.GetSection(ExposureOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var options = configuration.GetSection(ExposureOptions.Section).Get<ExposureOptions>() ?? new ExposureOptions();
            var environment = provider.GetRequiredService<IHostEnvironment>();
            var dataFolder = Path.GetFullPath(provider.GetRequiredService<DatabaseOptions>().DataFolder, environment.ContentRootPath);
            return new ExposureHasher(ExposureKey.Load(options, environment.IsDevelopment(), dataFolder));
        });
        services.AddSingleton<ExposureImporter>();
        services.AddSingleton<ExposureLookup>();
        services.AddSingleton<ExposureResults>();
        services.AddSingleton<ExposureCheckService>();
        return services;
    }
}
