using System.Net;
using SalesCoach.Core.Dashboard;

namespace SalesCoach.Tests.Dashboard;

/// <summary>Standalone mode's rule: the token when one is set, loopback callers otherwise.</summary>
public sealed class DashboardAccessTests
{
    private static readonly DashboardOptions NoToken = new();
    private static readonly DashboardOptions WithToken = new() { Token = "s3cret-dashboard" };

    [Fact]
    public void Without_a_token_loopback_callers_get_in_and_others_do_not()
    {
        Assert.True(DashboardAccess.Standalone(NoToken, null, IPAddress.Loopback).Allowed);
        Assert.True(DashboardAccess.Standalone(NoToken, null, IPAddress.IPv6Loopback).Allowed);
        var refused = DashboardAccess.Standalone(NoToken, null, IPAddress.Parse("10.1.2.3"));
        Assert.False(refused.Allowed);
        Assert.Equal(DashboardAccess.LoopbackOnly, refused.Mode);
        Assert.Contains("Dashboard__Token", refused.Refusal);
        Assert.False(DashboardAccess.Standalone(NoToken, null, null).Allowed);
    }

    [Fact]
    public void With_a_token_only_that_token_opens_it_from_anywhere()
    {
        Assert.True(DashboardAccess.Standalone(WithToken, "s3cret-dashboard", IPAddress.Parse("10.1.2.3")).Allowed);
        Assert.False(DashboardAccess.Standalone(WithToken, "s3cret-dashboarD", IPAddress.Loopback).Allowed);
        Assert.False(DashboardAccess.Standalone(WithToken, "", IPAddress.Loopback).Allowed);
        var missing = DashboardAccess.Standalone(WithToken, null, IPAddress.Loopback);
        Assert.False(missing.Allowed);
        Assert.Contains("?code=", missing.Refusal);
    }
}
