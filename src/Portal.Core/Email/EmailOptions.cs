namespace Portal.Core.Email;

public enum EmailMode
{
    /// <summary>Each message is written as an .eml file into <see cref="EmailOptions.PickupFolder"/>.</summary>
    Pickup,
    /// <summary>Each message is sent over SMTP with MailKit.</summary>
    Smtp,
}

public enum SmtpSecurity
{
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    StartTls,
    SslOnConnect,
    /// <summary>Plain text; only for a relay on the same host or a test server on loopback.</summary>
    None,
}

/// <summary>The <c>Email</c> configuration section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailMode Mode { get; set; } = EmailMode.Pickup;

    /// <summary>Pickup mode's folder; relative paths are under the content root.</summary>
    public string PickupFolder { get; set; } = "data/mail";

    public string FromAddress { get; set; } = "no-reply@northwind-market.example";

    public string FromName { get; set; } = "Northwind Market Care";

    public string? ReplyTo { get; set; }

    /// <summary>The right-hand side of every Message-ID the portal generates.</summary>
    public string MessageIdDomain { get; set; } = "portal.northwind-market.example";

    /// <summary>Most messages sent per second by one instance; 0 means no limit.</summary>
    public double MaxPerSecond { get; set; } = 20;

    /// <summary>Attempts before a transiently failing message is marked failed for good.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; each later one doubles, with jitter.</summary>
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>Messages claimed (and sent over one connection) at a time; a crash can send the last two batches again.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claim holds its messages before another instance may take them over.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How often an idle dispatcher looks for due messages.</summary>
    public double PollIntervalSeconds { get; set; } = 2;

    /// <summary>/health reports Degraded when the oldest due message has waited longer than this.</summary>
    public int HealthMaxAgeMinutes { get; set; } = 15;

    public SmtpOptions Smtp { get; set; } = new();

    public DkimOptions Dkim { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Optional DKIM signing; on when <see cref="Domain"/>, <see cref="Selector"/> and <see cref="PrivateKeyPath"/> are set.</summary>
public sealed class DkimOptions
{
    public string? Domain { get; set; }

    public string? Selector { get; set; }

    /// <summary>PEM file with the RSA private key.</summary>
    public string? PrivateKeyPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Domain) && !string.IsNullOrWhiteSpace(Selector) && !string.IsNullOrWhiteSpace(PrivateKeyPath);
}
