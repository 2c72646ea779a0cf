using System.Security.Cryptography;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Portal.Core.Tests.Email;

/// <summary>
/// Stands in for the DNS TXT record <c>{selector}._domainkey.{domain}</c> holding a test key's public half, so
/// MimeKit's DkimVerifier can check signatures without DNS. Shared by the outbox and end-to-end tests (linked).
/// </summary>
public sealed class SingleKeyLocator(RSA key, string keyDomain, string keySelector) : DkimPublicKeyLocatorBase
{
    private readonly string _record = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}";

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        (domain, selector) == (keyDomain, keySelector) ? GetPublicKey(_record) : throw new InvalidOperationException($"No key for {selector}._domainkey.{domain}.");

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
}
