namespace Portal.Web.Features.RateLimiting;

/// <summary>Marker for the rate limiter's page strings (RateLimitText.resx, RateLimitText.fr.resx).</summary>
public sealed class RateLimitText;
