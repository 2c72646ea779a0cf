using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Portal.Core.Exposure;

namespace Portal.Web.Features.Exposure;

/// <summary>
/// Carries a check's ticket (its id and the address typed) from one step to the next in an HttpOnly cookie that
/// Data Protection encrypts and signs. Nothing of it appears in a page, so the code form is the same for everyone.
/// </summary>
public sealed class ExposureCheckCookie(IDataProtectionProvider protection, IOptions<ExposureOptions> options)
{
    public const string Name = ".Portal.ExposureCheck";
    public const string Path = "/check";

    private readonly ITimeLimitedDataProtector protector =
        protection.CreateProtector("Portal.Exposure.CheckTicket.v1").ToTimeLimitedDataProtector();

    /// <summary>Long enough to enter the code and then to come back to the result.</summary>
    private TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.Check.CodeLifetimeMinutes + options.Value.Check.ResultMinutes);

    public void Write(HttpContext context, ExposureCheckTicket ticket) =>
        context.Response.Cookies.Append(Name, protector.Protect(JsonSerializer.Serialize(ticket), Lifetime), CookieOptions(context, Lifetime));

    /// <summary>The ticket, or null when there is none or it is expired, tampered with or from another key ring.</summary>
    public ExposureCheckTicket? Read(HttpContext context)
    {
        if (context.Request.Cookies[Name] is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ExposureCheckTicket>(protector.Unprotect(value));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, CookieOptions(context, null));

    private static CookieOptions CookieOptions(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = Path,
        IsEssential = true,
        MaxAge = maxAge,
    };
}
