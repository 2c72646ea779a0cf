using Portal.Core.Reports;

namespace Portal.Core.Tests.Reports;

public sealed class MessageBodyTests
{
    [Fact]
    public void Html_bodies_lose_scripts_handlers_forms_remote_loads_and_link_targets_but_keep_their_text()
    {
        var body = MessageBody.Read(ReportFixtures.Read("gmail-seller-offer.eml"));

        var html = Assert.IsType<string>(body.Html);
        Assert.Contains("Smart watches at 70% off", html, StringComparison.Ordinal);
        Assert.Contains("Claim now", html, StringComparison.Ordinal);
        foreach (var banned in new[] { "<script", "onload", "onerror", "<img", "<form", "<input", "<button", "href", "src=", "javascript:", "url(", "<style", "https://" })
        {
            Assert.DoesNotContain(banned, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.StartsWith("Hello,", body.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_svg_and_encoded_html_are_cleaned_too()
    {
        var outlook = MessageBody.Read(ReportFixtures.Read("outlook-marketplace-promo.eml")).Html!;
        var apple = MessageBody.Read(ReportFixtures.Read("apple-mail-newsletter.eml")).Html!;

        Assert.DoesNotContain("<iframe", outlook, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", outlook, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Shop the deals", outlook, StringComparison.Ordinal);
        Assert.DoesNotContain("__xss", apple, StringComparison.Ordinal);
        Assert.Contains("open it", apple, StringComparison.Ordinal);
    }

    [Fact]
    public void The_frame_document_forbids_every_load_and_a_text_only_message_has_no_html()
    {
        Assert.Contains("default-src 'none'", MessageBody.FrameDocument("<p>x</p>"), StringComparison.Ordinal);
        var french = MessageBody.Read(ReportFixtures.Read("french-encoded-words.eml"));
        Assert.Null(french.Html);
        Assert.Contains("Profitez de notre offre exclusive à -50 %", french.Text, StringComparison.Ordinal);
    }
}
