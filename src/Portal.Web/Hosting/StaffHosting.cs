using Portal.Web.Features.Staff;

namespace Portal.Web.Hosting;

public static class StaffHosting
{
    public static WebApplicationBuilder AddPortalStaff(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StaffInvitation>();
        builder.Services.AddSingleton<StaffAccounts>();
        return builder;
    }
}
