using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Web.Features.Exposure;
using Portal.Web.Tests.Account;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The anonymous exposure check over real HTTP, from the address form to the result and the one-step account.</summary>
public sealed class ExposureCheckPagesTests(ExposureCheckHost host) : IClassFixture<ExposureCheckHost>
{
    private PortalAppFactory App => host.App;

    [Fact]
    public async Task The_first_answer_is_the_same_for_an_affected_a_non_affected_and_a_nonexistent_address()
    {
        var affected = ExposureCheckHost.NewAddress("same-affected");
        await host.MarkExposedAsync(affected);
        var addresses = new[] { affected, ExposureCheckHost.NewAddress("same-clean"), $"nobody-{Guid.NewGuid():N}@no-such-domain.invalid" };
        var queriesBefore = host.ExposureQueries.Count;

        var answers = new List<(RawAnswer Post, RawAnswer CodePage)>();
        foreach (var address in addresses)
        {
            using var client = App.CreateFormClient();
            var post = await ExposureCheckHost.SubmitAddressAsync(client, address);
            answers.Add((post, await ExposureCheckHost.GetRawAsync(client, post.Header("Location")!)));
        }

        var (firstPost, firstPage) = answers[0];
        Assert.Equal(HttpStatusCode.Redirect, firstPost.StatusCode);
        Assert.EndsWith("/check/code", firstPost.Header("Location"));
        Assert.Equal(HttpStatusCode.OK, firstPage.StatusCode);
        Assert.Contains("__RequestVerificationToken", firstPage.Body);
        foreach (var (post, page) in answers.Skip(1))
        {
            foreach (var header in new[] { "Location", "Content-Type", "Cache-Control", "Content-Length", "Pragma" })
            {
                Assert.Equal(firstPost.Header(header), post.Header(header));
            }

            Assert.Equal(firstPost.CookieShapes, post.CookieShapes);
            Assert.Equal(firstPost.BodyWithoutToken(host.Protection), post.BodyWithoutToken(host.Protection));
            Assert.Equal(firstPage.StatusCode, page.StatusCode);
            foreach (var header in new[] { "Content-Type", "Cache-Control", "Pragma", "Set-Cookie" })
            {
                Assert.Equal(firstPage.Header(header), page.Header(header));
            }

            Assert.Equal(firstPage.BodyWithoutToken(host.Protection), page.BodyWithoutToken(host.Protection));
        }

        Assert.Contains("(opaque redirect to " + firstPost.Header("Location") + ")", firstPost.Body);
        // No answer shows anything of what was typed; the ticket cookie is HttpOnly, strict and only for /check.
        foreach (var (address, (post, page)) in addresses.Zip(answers))
        {
            Assert.DoesNotContain(address.Split('@')[0], post.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(address.Split('@')[0], page.Body, StringComparison.OrdinalIgnoreCase);
        }

        var ticketCookie = Assert.Single(firstPost.Headers["Set-Cookie"], c => c.StartsWith(ExposureCheckCookie.Name + "=", StringComparison.Ordinal));
        Assert.Contains("path=/check", ticketCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", ticketCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", ticketCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("affected", ticketCookie, StringComparison.OrdinalIgnoreCase);
        // Every address that can be written got its code; none of it read the affected list.
        foreach (var address in addresses)
        {
            Assert.Equal(1, await host.CodeEmailsToAsync(address));
        }

        Assert.Equal(queriesBefore, host.ExposureQueries.Count);
    }

    [Fact]
    public async Task The_affected_list_is_read_only_after_the_right_code()
    {
        var address = ExposureCheckHost.NewAddress("only-after");
        await host.MarkExposedAsync(address);
        using var client = App.CreateFormClient();
        var before = host.ExposureQueries.Count;

        await ExposureCheckHost.SubmitAddressAsync(client, address);
        await client.GetAsync("check/code");
        var code = await host.CodeSentToAsync(address);
        var wrong = await ExposureCheckHost.SubmitCodeAsync(client, code == "000000" ? "000001" : "000000");
        Assert.Equal(before, host.ExposureQueries.Count);
        Assert.Equal("This code is not right. Attempts left: 4.", wrong.FieldError("Input.Code"));

        var result = await ExposureCheckHost.SubmitCodeAsync(client, code);

        Assert.Equal(before + 1, host.ExposureQueries.Count);
        Assert.NotNull(result.Document.QuerySelector("[data-testid='exposure-affected']"));
    }

    [Fact]
    public async Task An_affected_address_sees_the_incident_notice_the_report_link_and_the_account_form()
    {
        var address = ExposureCheckHost.NewAddress("affected");
        await host.MarkExposedAsync(address);

        var (client, result) = await host.CheckAsync(address);
        using var _ = client;

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Single(result.Document.QuerySelectorAll("h1"));
        Assert.Contains("Yes: this address was among those exposed", result.MainText);
        Assert.Contains(address, result.MainText);
        Assert.Equal(ExposureCheckHost.IncidentTitle, result.Document.QuerySelector("section.portal-incident h2")!.TextContent.Trim());
        Assert.Contains("Email addresses only.", result.MainText);
        Assert.Contains("Employee dismissed", result.MainText);
        Assert.Contains("You do not need to change your password.", result.MainText);
        Assert.Equal("Report an unsolicited email", result.Document.QuerySelector("a[href='reports/new']")!.TextContent.Trim());
        Assert.NotNull(result.Document.QuerySelector("input[name='_handler'][value='check-account']"));
    }

    [Fact]
    public async Task A_non_affected_address_learns_what_that_means_in_french()
    {
        var address = ExposureCheckHost.NewAddress("clean");

        var (client, result) = await host.CheckAsync(address, "fr");
        using var _ = client;

        Assert.NotNull(result.Document.QuerySelector("[data-testid='exposure-not-affected']"));
        Assert.Contains("Non : cette adresse ne figure pas dans la liste", result.MainText);
        Assert.Contains("L'hameçonnage peut toutefois toucher tout le monde", result.MainText);
        Assert.Contains("Nous ne vous demandons jamais votre mot de passe", result.MainText);
        Assert.Null(result.Document.QuerySelector("input[name='_handler'][value='check-account']"));
        Assert.DoesNotContain(ExposureCheckHost.IncidentTitleFr, result.MainText);
    }

    [Fact]
    public async Task One_step_account_from_an_affected_result_is_confirmed_a_customer_and_signed_in()
    {
        var address = ExposureCheckHost.NewAddress("one-step");
        await host.MarkExposedAsync(address);
        var (client, result) = await host.CheckAsync(address);
        using var _ = client;

        var created = await client.PostFormAsync(result, "check/code", "check-account", new Dictionary<string, string>
        {
            ["AccountInput.DisplayName"] = "Camille Martin",
            ["AccountInput.Password"] = TestAccounts.Password,
            ["AccountInput.ConfirmPassword"] = TestAccounts.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var user = await TestAccounts.FindAsync(App, address);
        Assert.True(user.EmailConfirmed);
        Assert.Equal("Camille Martin", user.DisplayName);
        Assert.True(await App.WithScopeAsync(s => s.GetRequiredService<UserManager<ApplicationUser>>().IsInRoleAsync(user, PortalRoles.Customer)));
        Assert.False(await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Recipient == address && m.Kind != "exposure.check-code")));
        // Signed in at once, and the home page gives the same answer for the account's address.
        var home = await client.GetAsync(created.RedirectPath!);
        Assert.Equal(address, home.Document.QuerySelector("a[href='Account/Manage']")!.TextContent.Trim());
        Assert.NotNull(home.Document.QuerySelector("[data-testid='my-exposure'] [data-testid='exposure-affected']"));
        // The ticket is spent: the form cannot be posted again for another account.
        Assert.NotNull((await client.GetAsync("check/code")).Document.QuerySelector("[data-testid='check-ended']"));
    }

    [Fact]
    public async Task One_step_account_form_errors_are_localised_and_create_nothing()
    {
        var address = ExposureCheckHost.NewAddress("one-step-bad");
        await host.MarkExposedAsync(address);
        var (client, result) = await host.CheckAsync(address, "fr");
        using var _ = client;

        var answer = await client.PostFormAsync(result, "check/code", "check-account", new Dictionary<string, string>
        {
            ["AccountInput.DisplayName"] = "",
            ["AccountInput.Password"] = "short pass",
            ["AccountInput.ConfirmPassword"] = "short pass",
        });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Saisissez votre nom.", answer.FieldError("Input.DisplayName"));
        Assert.Equal("Le mot de passe doit comporter au moins 12 caractères.", answer.FieldError("Input.Password"));
        Assert.NotNull(answer.Document.QuerySelector("[data-testid='exposure-affected']"));
        Assert.Null(await App.WithScopeAsync(s => s.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(address)));
    }

    [Fact]
    public async Task An_existing_account_is_told_to_sign_in_instead()
    {
        var address = ExposureCheckHost.NewAddress("has-account");
        await host.MarkExposedAsync(address);
        await TestAccounts.CreateAsync(App, address);

        var (client, result) = await host.CheckAsync(address);
        using var _ = client;

        Assert.Equal("You already have an account with this address. Sign in", result.Document.QuerySelector("[data-testid='account-exists']")!.TextContent.Trim());
        Assert.Null(result.Document.QuerySelector("input[name='_handler'][value='check-account']"));
    }

    [Fact]
    public async Task Coming_back_to_the_page_or_sending_the_code_again_shows_the_result_again()
    {
        var address = ExposureCheckHost.NewAddress("again");
        await host.MarkExposedAsync(address);
        using var client = App.CreateFormClient();
        await ExposureCheckHost.SubmitAddressAsync(client, address);
        var codePage = await client.GetAsync("check/code");
        var code = await host.CodeSentToAsync(address);
        var fields = new Dictionary<string, string> { ["CodeInput.Code"] = code };
        await client.PostFormAsync(codePage, "check/code", "check-code", fields);

        var again = await client.GetAsync("check/code");
        // What a browser's reload of the answer does: the same form, with the same (now used) code.
        var resent = await client.PostFormAsync(codePage, "check/code", "check-code", fields);

        Assert.NotNull(again.Document.QuerySelector("[data-testid='exposure-affected']"));
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.NotNull(resent.Document.QuerySelector("[data-testid='exposure-affected']"));
    }

    [Fact]
    public async Task Forms_posted_after_the_ticket_is_gone_get_the_start_again_page_not_an_error()
    {
        var address = ExposureCheckHost.NewAddress("no-ticket");
        await host.MarkExposedAsync(address);
        var (client, result) = await host.CheckAsync(address);
        using var _ = client;
        using var other = App.CreateFormClient();
        await ExposureCheckHost.SubmitAddressAsync(other, ExposureCheckHost.NewAddress("no-ticket-code"));
        var codePage = await other.GetAsync("check/code");
        foreach (var browser in new[] { client, other })
        {
            browser.Cookies.GetAllCookies().Where(c => c.Name == ExposureCheckCookie.Name).ToList().ForEach(c => c.Expired = true);
        }

        var account = await client.PostFormAsync(result, "check/code", "check-account", new Dictionary<string, string>
        {
            ["AccountInput.DisplayName"] = "Late Visitor",
            ["AccountInput.Password"] = TestAccounts.Password,
            ["AccountInput.ConfirmPassword"] = TestAccounts.Password,
        });
        var code = await other.PostFormAsync(codePage, "check/code", "check-code", new Dictionary<string, string> { ["CodeInput.Code"] = "123456" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (account.StatusCode, code.StatusCode));
        Assert.Equal("Your check has expired. Start again to verify your address, then create your account.",
            account.Document.QuerySelector("[data-testid='check-ended']")!.TextContent.Trim());
        Assert.Equal("There is no check in progress in this browser, or it has expired. Start again to receive a new code.",
            code.Document.QuerySelector("[data-testid='check-ended']")!.TextContent.Trim());
        Assert.Null(await App.WithScopeAsync(s => s.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(address)));
    }

    [Theory]
    [InlineData("en", "not an address", "Enter an email address in the form name@example.com.")]
    [InlineData("fr", "nobody@", "Saisissez une adresse e-mail de la forme nom@exemple.fr.")]
    [InlineData("en", "   ", "Enter your email address.")]
    public async Task A_malformed_address_gets_a_localised_message_and_nothing_is_sent(string culture, string address, string message)
    {
        using var client = App.CreateFormClient(culture);
        var emailsBefore = await App.WithDbAsync(db => db.OutboxMessages.CountAsync());

        var answer = await client.PostFormAsync("check", "check-start", new Dictionary<string, string> { ["Input.Email"] = address });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(message, answer.FieldError("Input.Email"));
        Assert.Equal(emailsBefore, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Past_the_address_limit_the_answer_is_the_same_and_no_email_is_queued()
    {
        var address = ExposureCheckHost.NewAddress("limit");
        var answers = new List<RawAnswer>();
        for (var i = 0; i < 4; i++)
        {
            using var client = App.CreateFormClient();
            var post = await ExposureCheckHost.SubmitAddressAsync(client, address);
            answers.Add(post);
            answers.Add(await ExposureCheckHost.GetRawAsync(client, post.Header("Location")!));
        }

        Assert.Equal(3, await host.CodeEmailsToAsync(address));
        var (firstPost, firstPage) = (answers[0], answers[1]);
        var (lastPost, lastPage) = (answers[6], answers[7]);
        Assert.Equal((firstPost.StatusCode, firstPost.Header("Location")), (lastPost.StatusCode, lastPost.Header("Location")));
        Assert.Equal(firstPost.BodyWithoutToken(host.Protection), lastPost.BodyWithoutToken(host.Protection));
        Assert.Equal(firstPost.CookieShapes, lastPost.CookieShapes);
        Assert.Equal(firstPage.StatusCode, lastPage.StatusCode);
        Assert.Equal(firstPage.BodyWithoutToken(host.Protection), lastPage.BodyWithoutToken(host.Protection));
    }

    [Theory]
    [InlineData("en", "12345", "Enter the 6-digit code from the email.")]
    [InlineData("fr", "abcdef", "Saisissez le code à 6 chiffres reçu par e-mail.")]
    public async Task A_malformed_code_gets_a_message_and_spends_no_attempt(string culture, string code, string message)
    {
        var address = ExposureCheckHost.NewAddress("typo");
        using var client = App.CreateFormClient(culture);
        await ExposureCheckHost.SubmitAddressAsync(client, address);

        var answer = await ExposureCheckHost.SubmitCodeAsync(client, code);

        Assert.Equal(message, answer.FieldError("Input.Code"));
        var right = await ExposureCheckHost.SubmitCodeAsync(client, await host.CodeSentToAsync(address));
        Assert.NotNull(right.Document.QuerySelector("[data-testid='exposure-not-affected']"));
    }

    [Fact]
    public async Task Five_wrong_codes_end_the_check_with_a_localised_message()
    {
        var address = ExposureCheckHost.NewAddress("locked");
        await host.MarkExposedAsync(address);
        using var client = App.CreateFormClient("fr");
        await ExposureCheckHost.SubmitAddressAsync(client, address);
        var code = await host.CodeSentToAsync(address);
        var wrong = code == "111111" ? "222222" : "111111";

        var messages = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            messages.Add((await ExposureCheckHost.SubmitCodeAsync(client, wrong)).FieldError("Input.Code"));
        }

        var locked = await ExposureCheckHost.SubmitCodeAsync(client, wrong);
        var rightTooLate = await client.GetAsync("check/code") is var page
            ? await client.PostFormAsync(page, "check/code", "check-code", new Dictionary<string, string> { ["CodeInput.Code"] = code })
            : null;

        Assert.Equal(
            ["Ce code n'est pas le bon. Tentatives restantes : 4.", "Ce code n'est pas le bon. Tentatives restantes : 3.",
             "Ce code n'est pas le bon. Tentatives restantes : 2.", "Ce code n'est pas le bon. Tentatives restantes : 1."],
            messages);
        Assert.Equal("Trop de codes erronés : ce code ne fonctionne plus. Recommencez pour recevoir un nouveau code.",
            locked.Document.QuerySelector("[data-testid='check-ended']")!.TextContent.Trim());
        Assert.Equal(locked.Document.QuerySelector("[data-testid='check-ended']")!.TextContent, rightTooLate!.Document.QuerySelector("[data-testid='check-ended']")!.TextContent);
        Assert.Null(rightTooLate.Document.QuerySelector("[data-testid='exposure-affected']"));
    }

    [Fact]
    public async Task Without_a_ticket_or_with_a_forged_one_the_code_page_asks_to_start_again()
    {
        using var client = App.CreateFormClient();
        var none = await client.GetAsync("check/code");
        client.Cookies.Add(client.BaseAddress, new Cookie(ExposureCheckCookie.Name, "CfDJ8forged-value", "/check"));
        var forged = await client.GetAsync("check/code");

        foreach (var page in new[] { none, forged })
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.NotNull(page.Document.QuerySelector("[data-testid='check-ended']"));
            Assert.NotNull(page.Document.QuerySelector("a[href='check']"));
        }
    }

    [Theory]
    [InlineData("en", "Check my address", "Was my address affected?")]
    [InlineData("fr", "Vérifier mon adresse", "Mon adresse est-elle concernée ?")]
    public async Task The_check_is_in_the_navigation_and_its_page_is_localised_and_labelled(string culture, string navText, string title)
    {
        using var client = App.CreateFormClient(culture);

        var home = await client.GetAsync("");
        var check = await client.GetAsync("check");

        Assert.Equal(navText, home.Document.QuerySelector("nav a[href='check']")!.TextContent.Trim());
        Assert.Equal(title, check.Document.QuerySelector("h1")!.TextContent.Trim());
        var input = check.Document.QuerySelector("form input[type='email']")!;
        Assert.NotNull(check.Document.QuerySelector($"label[for='{input.Id}']"));
    }
}
