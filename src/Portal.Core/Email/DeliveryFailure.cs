using MailKit.Net.Smtp;

namespace Portal.Core.Email;

/// <summary>Sorts a send failure into permanent (stop now) or transient (try again later), keeping the server's words.</summary>
public static class DeliveryFailure
{
    /// <summary>A failure while sending this message: a 5xx answer is permanent, anything else transient.</summary>
    public static DeliveryResult Classify(OutboxMessage message, Exception exception) =>
        exception is SmtpCommandException { StatusCode: var code } && (int)code >= 500
            ? new(message, DeliveryOutcome.PermanentFailure, Describe(exception))
            : Transient(message, exception);

    /// <summary>A failure that is not the message's fault (no connection, refused login): always worth another try.</summary>
    public static DeliveryResult Transient(OutboxMessage message, Exception exception) =>
        new(message, DeliveryOutcome.TransientFailure, Describe(exception));

    private static string Describe(Exception exception) => exception switch
    {
        SmtpCommandException smtp => $"{(int)smtp.StatusCode} {smtp.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
