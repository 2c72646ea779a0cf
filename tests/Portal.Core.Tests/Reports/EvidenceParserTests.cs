using System.Text;
using Portal.Core.Reports;

namespace Portal.Core.Tests.Reports;

public sealed class EvidenceParserTests
{
    [Fact]
    public void A_gmail_export_gives_its_sender_hops_originating_ip_authentication_and_links()
    {
        var parsed = EvidenceParser.Parse(ReportFixtures.Read("gmail-seller-offer.eml"));

        var evidence = Assert.IsType<ReportEvidence>(parsed.Evidence);
        Assert.Equal("offers@deals-seller.example", evidence.SenderAddress);
        Assert.Equal("deals-seller.example", evidence.SenderDomain);
        Assert.Equal(["\"Deals Seller Support\" <reply@deals-seller-support.example>"], evidence.ReplyTo);
        Assert.Equal("mail.deals-seller.example", evidence.ReturnPathDomain);
        Assert.Equal(["customer@demo.example"], evidence.DeliveredTo);
        Assert.Equal("CAGmail-7f3a9c2e.1763658840@mail.deals-seller.example", evidence.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 17, 14, 0, TimeSpan.Zero), evidence.Date);
        Assert.Equal(3, evidence.Received.Count);
        Assert.Equal("198.51.100.23", evidence.Received[1].Ip);
        Assert.Equal("mx.google.com", evidence.Received[1].ByHost);
        // The earliest hop names a private HELO address and the public one the sender's server saw.
        Assert.Equal("192.0.2.10", evidence.OriginatingIp);
        Assert.Contains(new AuthenticationCheck("dkim", "pass", "deals-seller.example"), evidence.Authentication);
        Assert.Contains(new AuthenticationCheck("spf", "pass", "mail.deals-seller.example"), evidence.Authentication);
        Assert.Contains(new AuthenticationCheck("dmarc", "pass", "deals-seller.example"), evidence.Authentication);
        Assert.Equal("deals-seller.example", evidence.DkimDomain);
        Assert.StartsWith("<https://deals-seller.example/unsubscribe?u=7f3a>", evidence.ListUnsubscribe);
        Assert.Contains("https://deals-seller.example/watches?ref=mail", evidence.Urls);
        Assert.Contains("https://deals-seller.example/watches?ref=mail&c=1", evidence.Urls);
        Assert.Contains("https://tracker.deals-seller.example/open.gif?id=7f3a", evidence.Urls);
        Assert.Contains("help.deals-seller.example", evidence.Domains);
        Assert.True(evidence.HasHtmlBody);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ReportFixtures.Read("gmail-seller-offer.eml"))), parsed.Sha256);
    }

    [Fact]
    public void An_outlook_export_gives_the_originating_ip_from_the_bare_address_and_decodes_quoted_printable_links()
    {
        var evidence = EvidenceParser.Parse(ReportFixtures.Read("outlook-marketplace-promo.eml")).Evidence!;

        Assert.Equal("203.0.113.77", evidence.OriginatingIp);
        Assert.Equal("2603:10a6:10:231::8", evidence.Received[1].Ip);
        Assert.Equal("promo.bargain-store.example", evidence.ReturnPathDomain);
        Assert.Equal("bargain-store.example", evidence.DkimDomain);
        Assert.Equal("pass", evidence.ResultOf("spf"));
        Assert.Equal("pass", evidence.ResultOf("dmarc"));
        Assert.Contains("https://bargain-store.example/black-friday?utm_source=mail", evidence.Urls);
        Assert.Equal(["pat.other@example.net"], evidence.Recipients);
    }

    [Fact]
    public void An_apple_mail_export_keeps_failed_checks_and_base64_html_links()
    {
        var evidence = EvidenceParser.Parse(ReportFixtures.Read("apple-mail-newsletter.eml")).Evidence!;

        Assert.Equal("192.0.2.145", evidence.OriginatingIp);
        Assert.Equal("fail", evidence.ResultOf("dmarc"));
        Assert.Equal("fail", evidence.ResultOf("dkim"));
        Assert.Equal("softfail", evidence.ResultOf("spf"));
        Assert.Equal("gadget-hub.example", evidence.DkimDomain);
        Assert.Contains("https://pixel.gadget-hub.example/o.gif", evidence.Urls);
        Assert.Contains("http://gadget-hub.example/basket/8812", evidence.Urls);
        Assert.Equal(["customer@demo.example"], evidence.DeliveredTo);
    }

    [Fact]
    public void French_encoded_words_are_decoded()
    {
        var evidence = EvidenceParser.Parse(ReportFixtures.Read("french-encoded-words.eml")).Evidence!;

        Assert.Equal("Offre exclusive à −50\u00a0% : dépêchez-vous !", evidence.Subject);
        Assert.Equal("\"Boutique Élégance\" <offres@boutique-elegance.example>", evidence.From[0]);
        Assert.Equal("boutique-elegance.example", evidence.SenderDomain);
        Assert.Equal("203.0.113.9", evidence.OriginatingIp);
        Assert.Contains("https://boutique-elegance.example/soldes?source=courriel", evidence.Urls);
    }

    [Theory]
    [InlineData("empty.eml", EvidenceError.Empty)]
    [InlineData("binary.eml", EvidenceError.NotAMessage)]
    [InlineData("zip-renamed.eml", EvidenceError.NotAMessage)]
    [InlineData("broken-headers.eml", EvidenceError.BrokenHeaders)]
    [InlineData("eight-bit-headers.eml", EvidenceError.EightBitHeaders)]
    public void Files_that_are_not_sane_messages_are_refused_by_content(string fixture, EvidenceError expected)
    {
        var parsed = EvidenceParser.Parse(ReportFixtures.Read(fixture));

        Assert.False(parsed.IsValid);
        Assert.Equal(expected, parsed.Error);
    }

    [Fact]
    public void Plain_text_and_oversized_files_are_refused()
    {
        Assert.Equal(EvidenceError.NotAMessage, EvidenceParser.Parse("Dear customer, this is just a letter.\nBye.\n"u8.ToArray()).Error);
        Assert.Equal(EvidenceError.TooLarge, EvidenceParser.Parse(ReportFixtures.Read("gmail-seller-offer.eml"), maxBytes: 1000).Error);
    }

    [Fact]
    public void Private_and_shared_addresses_are_never_the_originating_ip()
    {
        var message = Encoding.ASCII.GetBytes(
            "Received: from relay.example (relay.example [203.0.113.1]) by mx.example; Mon, 2 Nov 2026 10:00:00 +0000\r\n" +
            "Received: from laptop (unknown [100.64.1.2]) by relay.example; Mon, 2 Nov 2026 09:59:59 +0000\r\n" +
            "Received: from pc (pc.lan [192.168.1.20]) by laptop; Mon, 2 Nov 2026 09:59:58 +0000\r\n" +
            "From: a@sender.example\r\nDate: Mon, 2 Nov 2026 09:59:57 +0000\r\n\r\nhi\r\n");

        Assert.Equal("203.0.113.1", EvidenceParser.Parse(message).Evidence!.OriginatingIp);
    }
}
