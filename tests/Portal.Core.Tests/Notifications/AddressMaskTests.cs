using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

public sealed class AddressMaskTests
{
    [Theory]
    [InlineData("jane.doe@example.com", "j•••@e•••.com")]
    [InlineData("a@b.co", "a•••@b•••.co")]
    [InlineData("marie@mail.example.co.uk", "m•••@m•••.uk")]
    [InlineData("émile@xn--exmple-cua.fr", "é•••@x•••.fr")]
    public void Only_the_first_letters_and_the_top_level_domain_remain(string address, string masked) =>
        Assert.Equal(masked, AddressMask.Mask(address));

    [Fact]
    public void Two_addresses_of_the_same_shape_mask_alike_so_the_mask_reveals_no_more()
    {
        Assert.Equal(AddressMask.Mask("john.smith@example.com"), AddressMask.Mask("jo@elsewhere.com"));
    }
}
