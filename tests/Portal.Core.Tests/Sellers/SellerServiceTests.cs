using Microsoft.EntityFrameworkCore;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using static Portal.Core.Tests.Sellers.SellerTestData;

namespace Portal.Core.Tests.Sellers;

public sealed class SellerServiceTests : IAsyncLifetime
{
    private SellerTestData data = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => data = await CreateAsync("sellers");

    public async ValueTask DisposeAsync() => await data.DisposeAsync();

    [Theory]
    [InlineData(SellerIdentifierKind.Domain, "  Deals.EXAMPLE. ", "deals.example")]
    [InlineData(SellerIdentifierKind.Domain, "@mail.deals.example", "mail.deals.example")]
    [InlineData(SellerIdentifierKind.DkimDomain, "Bücher.example", "xn--bcher-kva.example")]
    [InlineData(SellerIdentifierKind.Address, "<Offers@Deals.Example>", "offers@deals.example")]
    [InlineData(SellerIdentifierKind.StoreId, " Store-42 ", "store-42")]
    public void Identifiers_are_normalised(SellerIdentifierKind kind, string raw, string expected) =>
        Assert.Equal((expected, IdentifierError.None), IdentifierRules.Normalise(kind, raw));

    [Theory]
    [InlineData(SellerIdentifierKind.Domain, "", IdentifierError.Empty)]
    [InlineData(SellerIdentifierKind.Domain, "localhost", IdentifierError.InvalidDomain)]
    [InlineData(SellerIdentifierKind.Domain, "deals..example", IdentifierError.InvalidDomain)]
    [InlineData(SellerIdentifierKind.Domain, "<script>.example", IdentifierError.InvalidDomain)]
    [InlineData(SellerIdentifierKind.DkimDomain, "10.0.0.1", IdentifierError.InvalidDomain)]
    [InlineData(SellerIdentifierKind.Address, "offers.deals.example", IdentifierError.InvalidAddress)]
    [InlineData(SellerIdentifierKind.Address, "a b@deals.example", IdentifierError.InvalidAddress)]
    [InlineData(SellerIdentifierKind.StoreId, "store\u0000id", IdentifierError.InvalidStoreId)]
    public void Bad_identifiers_are_refused_with_a_reason(SellerIdentifierKind kind, string raw, IdentifierError error) =>
        Assert.Equal((null, error), IdentifierRules.Normalise(kind, raw));

    [Fact]
    public async Task An_identifier_is_stored_normalised_and_a_duplicate_is_refused_naming_its_owner()
    {
        var deals = await data.SellerAsync("Deals Direct");
        var other = await data.SellerAsync("Other Shop");

        var added = await data.Sellers.AddIdentifierAsync(deals, SellerIdentifierKind.Domain, "DEALS.example", Admin, Token);
        var again = await data.Sellers.AddIdentifierAsync(deals, SellerIdentifierKind.Domain, "deals.example.", Admin, Token);
        var elsewhere = await data.Sellers.AddIdentifierAsync(other, SellerIdentifierKind.Domain, " deals.Example", Admin, Token);
        var otherKind = await data.Sellers.AddIdentifierAsync(other, SellerIdentifierKind.DkimDomain, "deals.example", Admin, Token);
        var invalid = await data.Sellers.AddIdentifierAsync(other, SellerIdentifierKind.Address, "not-an-address", Admin, Token);

        Assert.Equal(SellerResult.Done, added.Status);
        Assert.Equal((SellerResult.DuplicateIdentifier, "Deals Direct"), (again.Status, again.Owner));
        Assert.Equal((SellerResult.DuplicateIdentifier, deals, "Deals Direct"), (elsewhere.Status, elsewhere.Id, elsewhere.Owner));
        Assert.Equal(SellerResult.Done, otherKind.Status);
        Assert.Equal((SellerResult.InvalidIdentifier, IdentifierError.InvalidAddress), (invalid.Status, invalid.IdentifierError));
        var detail = (await data.Sellers.GetAsync(deals, Token))!;
        Assert.Equal([(SellerIdentifierKind.Domain, "deals.example")], detail.Identifiers.Select(i => (i.Kind, i.Value)));
        await using var db = data.NewContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "seller.identifier.add", Token));

        Assert.Equal(SellerResult.Done, (await data.Sellers.RemoveIdentifierAsync(deals, detail.Identifiers[0].Id, Admin, Token)).Status);
        Assert.Equal(SellerResult.Done, (await data.Sellers.AddIdentifierAsync(other, SellerIdentifierKind.Domain, "deals.example", Admin, Token)).Status);
    }

    [Fact]
    public async Task A_seller_needs_a_name()
    {
        Assert.Equal(SellerResult.InvalidName, (await data.Sellers.CreateAsync("  ", null, Admin, Token)).Status);
        Assert.Equal(SellerResult.InvalidName, (await data.Sellers.CreateAsync(new string('x', Seller.NameMaxLength + 1), null, Admin, Token)).Status);
    }

    [Fact]
    public async Task The_likely_seller_comes_from_the_strongest_matching_evidence_and_a_linked_report_shows_its_seller()
    {
        var byDomain = await data.SellerAsync("By domain");
        var byAddress = await data.SellerAsync("By address");
        var byDkim = await data.SellerAsync("By DKIM");
        var byStore = await data.SellerAsync("By store");
        await data.Sellers.AddIdentifierAsync(byDomain, SellerIdentifierKind.Domain, "deals.example", Admin, Token);
        await data.Sellers.AddIdentifierAsync(byAddress, SellerIdentifierKind.Address, "promo@deals.example", Admin, Token);
        await data.Sellers.AddIdentifierAsync(byDkim, SellerIdentifierKind.DkimDomain, "esp.example", Admin, Token);
        await data.Sellers.AddIdentifierAsync(byStore, SellerIdentifierKind.StoreId, "store-42", Admin, Token);

        var address = await data.ReportAsync(Camille, sender: "PROMO@deals.example", dkim: "esp.example");
        var dkim = await data.ReportAsync(Camille, sender: "news@elsewhere.example", dkim: "ESP.example");
        var returnPath = await data.ReportAsync(Camille, sender: "news@elsewhere.example", returnPath: "deals.example");
        var store = await data.ReportAsync(Camille, sender: "news@elsewhere.example", claimedSeller: "Store-42");
        var none = await data.ReportAsync(Camille, sender: "news@elsewhere.example");
        var linked = await data.ReportAsync(Camille, sender: "promo@deals.example", sellerId: byDomain);

        Assert.Equal(("By address", SellerIdentifierKind.Address), Likely(await data.Sellers.LinkOfAsync(address.Id, Token)));
        Assert.Equal(("By DKIM", SellerIdentifierKind.DkimDomain), Likely(await data.Sellers.LinkOfAsync(dkim.Id, Token)));
        Assert.Equal(("By domain", SellerIdentifierKind.Domain), Likely(await data.Sellers.LinkOfAsync(returnPath.Id, Token)));
        Assert.Equal(("By store", SellerIdentifierKind.StoreId), Likely(await data.Sellers.LinkOfAsync(store.Id, Token)));
        Assert.Equal((null, null), Likely(await data.Sellers.LinkOfAsync(none.Id, Token)));
        var link = (await data.Sellers.LinkOfAsync(linked.Id, Token))!;
        Assert.Equal(("By domain", null), (link.Linked?.Name, link.Likely));
        Assert.Null(await data.Sellers.LinkOfAsync(linked.Id + 100, Token));

        static (string?, SellerIdentifierKind?) Likely(SellerLink? link) => (link!.Likely?.Name, link.MatchedKind);
    }

    [Fact]
    public async Task Unlinked_reports_cluster_by_each_evidence_field_largest_first_and_a_whole_cluster_links_at_once()
    {
        var seller = await data.SellerAsync("Deals Direct");
        await data.ReportAsync(Camille, sender: "a@deals.example", dkim: "esp.example", ip: "203.0.113.5");
        await data.ReportAsync(Dominique, sender: "b@deals.example", dkim: "esp.example", ip: "203.0.113.5");
        await data.ReportAsync(Emma, ReportState.Closed, sender: "c@deals.example", ip: "198.51.100.7");
        await data.ReportAsync(Emma, sender: "x@other.example", dkim: "esp.example", returnPath: "bounce.example");
        await data.ReportAsync(Emma, sender: "y@other.example", returnPath: "bounce.example");
        await data.ReportAsync(Emma, sender: "lonely@single.example");
        await data.ReportAsync(Emma, sender: "d@deals.example", sellerId: seller);

        var domains = await data.Sellers.ClustersAsync(ClusterKind.SenderDomain, 0, 10, Token);
        var dkim = await data.Sellers.ClustersAsync(ClusterKind.DkimDomain, 0, 10, Token);
        var returnPath = await data.Sellers.ClustersAsync(ClusterKind.ReturnPathDomain, 0, 10, Token);
        var ips = await data.Sellers.ClustersAsync(ClusterKind.OriginatingIp, 0, 10, Token);
        var secondPage = await data.Sellers.ClustersAsync(ClusterKind.SenderDomain, 1, 1, Token);

        Assert.Equal([("deals.example", 3, 2), ("other.example", 2, 2)], domains.Rows.Select(c => (c.Value, c.Reports, c.OpenReports)));
        Assert.Equal(2, domains.Total);
        Assert.Equal([("esp.example", 3)], dkim.Rows.Select(c => (c.Value, c.Reports)));
        Assert.Equal([("bounce.example", 2)], returnPath.Rows.Select(c => (c.Value, c.Reports)));
        Assert.Equal([("203.0.113.5", 2)], ips.Rows.Select(c => (c.Value, c.Reports)));
        Assert.Equal(["other.example"], secondPage.Rows.Select(c => c.Value));

        var linked = await data.Sellers.LinkClusterAsync(ClusterKind.SenderDomain, "deals.example", seller, Admin, Token);

        Assert.Equal((SellerResult.Done, 3), (linked.Status, linked.Count));
        Assert.Equal(["other.example"], (await data.Sellers.ClustersAsync(ClusterKind.SenderDomain, 0, 10, Token)).Rows.Select(c => c.Value));
        Assert.Empty((await data.Sellers.ClustersAsync(ClusterKind.OriginatingIp, 0, 10, Token)).Rows);
        var list = await data.Sellers.ListAsync(new SellerQuery(), Token);
        Assert.Equal([("Deals Direct", 3, 4)], list.Rows.Select(r => (r.Name, r.OpenReports, r.TotalReports)));
        await using var db = data.NewContext();
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == "seller.link", Token));
        Assert.Equal(SellerResult.NothingToDo, (await data.Sellers.LinkClusterAsync(ClusterKind.SenderDomain, "deals.example", seller, Admin, Token)).Status);
    }

    [Fact]
    public async Task Reports_link_and_unlink_in_bulk_and_the_list_searches_names_and_identifiers()
    {
        var deals = await data.SellerAsync("Deals Direct");
        var other = await data.SellerAsync("Bargain Barn");
        await data.Sellers.AddIdentifierAsync(other, SellerIdentifierKind.Domain, "barn.example", Admin, Token);
        var first = await data.ReportAsync(Camille);
        var second = await data.ReportAsync(Dominique, ReportState.Closed);

        var linked = await data.Sellers.LinkAsync([first.Id, second.Id], deals, Admin, Token);
        var moved = await data.Sellers.LinkAsync([second.Id], other, Admin, Token);
        var unlinked = await data.Sellers.UnlinkAsync([first.Id], Admin, Token);

        Assert.Equal((SellerResult.Done, 2), (linked.Status, linked.Count));
        Assert.Equal((SellerResult.Done, 1), (moved.Status, moved.Count));
        Assert.Equal((SellerResult.Done, 1), (unlinked.Status, unlinked.Count));
        Assert.Equal(SellerResult.NotFound, (await data.Sellers.LinkAsync([first.Id], other + 100, Admin, Token)).Status);
        Assert.Equal(SellerResult.NothingToDo, (await data.Sellers.LinkAsync([], other, Admin, Token)).Status);
        Assert.Equal(["Bargain Barn"], (await data.Sellers.ListAsync(new SellerQuery("barn.ex"), Token)).Rows.Select(r => r.Name));
        Assert.Equal(["Deals Direct"], (await data.Sellers.ListAsync(new SellerQuery("deals"), Token)).Rows.Select(r => r.Name));
        Assert.Empty((await data.Sellers.ListAsync(new SellerQuery("%"), Token)).Rows);
        var byTotal = await data.Sellers.ListAsync(new SellerQuery(Sort: SellerSort.TotalReports, Descending: true), Token);
        Assert.Equal([("Bargain Barn", 0, 1), ("Deals Direct", 0, 0)], byTotal.Rows.Select(r => (r.Name, r.OpenReports, r.TotalReports)));
    }
}
