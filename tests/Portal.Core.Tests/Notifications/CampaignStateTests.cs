using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

public sealed class CampaignStateTests
{
    private static readonly HashSet<(CampaignState, CampaignState)> Legal =
    [
        (CampaignState.Draft, CampaignState.Approved),
        (CampaignState.Approved, CampaignState.Sending),
        (CampaignState.Sending, CampaignState.Paused),
        (CampaignState.Paused, CampaignState.Sending),
        (CampaignState.Sending, CampaignState.Completed),
        (CampaignState.Draft, CampaignState.Cancelled),
        (CampaignState.Approved, CampaignState.Cancelled),
        (CampaignState.Sending, CampaignState.Cancelled),
        (CampaignState.Paused, CampaignState.Cancelled),
    ];

    [Fact]
    public void Exactly_the_workflow_moves_are_allowed()
    {
        foreach (var from in Enum.GetValues<CampaignState>())
        {
            foreach (var to in Enum.GetValues<CampaignState>())
            {
                Assert.True(Legal.Contains((from, to)) == Campaign.CanMove(from, to), $"{from} → {to}");
            }
        }
    }
}
