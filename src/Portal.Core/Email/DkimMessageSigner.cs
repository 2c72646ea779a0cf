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

    public void Sign(MimeMessage message)
    {
        // The body must be in its final transfer encoding before it is hashed, or the transport may re-encode it.
        message.Prepare(EncodingConstraint.SevenBit);
        _signer.Sign(message, SignedHeaders);
    }
}
