using MimeKit;
using MimeKit.Cryptography;

namespace Portal.Core.Email;

/// <summary>Adds a DKIM-Signature so receivers can check the message really comes from the configured domain.</summary>
public sealed class DkimMessageSigner(DkimOptions options, string contentRoot)
{
    private static readonly HeaderId[] SignedHeaders =
        [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId];

    private readonly DkimSigner _signer = new(
        Path.GetFullPath(options.PrivateKeyPath!, contentRoot), options.Domain!, options.Selector!, DkimSignatureAlgorithm.RsaSha256)
    {
        // Relaxed survives the whitespace and line-folding changes relays are allowed to make.
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
    };

    /// <summary>Signs a message from <see cref="OutboxMimeBuilder"/>, whose bodies already have their final 7-bit encoding.</summary>
    public void Sign(MimeMessage message) => _signer.Sign(message, SignedHeaders);
}
