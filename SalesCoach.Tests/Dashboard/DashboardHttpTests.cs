using System.Net;
using SalesCoach.Tests.Infrastructure;

namespace SalesCoach.Tests.Dashboard;

/// <summary>The dashboard's pages and summary over HTTP, as the standalone host serves them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardHttpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task With_a_token_set_the_pages_and_the_summary_need_it()
    {
        await using var app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Dashboard:Token"] = "s3cret-dashboard" });

        using var none = await app.Client.GetAsync("/api/dashboard/index.html");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Dashboard__Token", await none.Content.ReadAsStringAsync());
        using var wrong = await app.Client.GetAsync("/api/dashboard-summary?code=guess");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var page = await app.Client.GetAsync("/api/dashboard/index.html?code=s3cret-dashboard");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        using var summary = await app.Client.GetAsync("/api/dashboard-summary");
        Assert.Equal(HttpStatusCode.Unauthorized, summary.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard-summary");
        request.Headers.Add("x-functions-key", "s3cret-dashboard");
        var body = await app.JsonAsync(await app.Client.SendAsync(request));
        Assert.Equal("token", body.GetProperty("access").GetString());
    }

    [Fact]
    public async Task With_a_token_set_every_route_the_host_would_key_needs_it_and_anonymous_ones_do_not()
    {
        await using var app = await TestApp.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Dashboard:Token"] = "s3cret-dashboard" });

        // Data the dashboard reads, and routes it does not: the token stands in for the function key.
        foreach (var path in new[] { "/api/outbox", "/api/sync/status", "/api/v1/dashboard/velocity", "/api/agent/actions/summary" })
        {
            using var none = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Dashboard__Token", await none.Content.ReadAsStringAsync());
            using var wrong = await app.Client.GetAsync(path + "?code=guess");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var keyed = await app.Client.GetAsync(path + "?code=s3cret-dashboard");
            Assert.True(keyed.StatusCode == HttpStatusCode.OK, $"{path}: {(int)keyed.StatusCode} {await keyed.Content.ReadAsStringAsync()}");
        }
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/import") { Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(post)).StatusCode);

        // Anonymous routes answer without it: health, and the webhooks, which check their senders' own secrets.
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/api/health")).StatusCode);
        using var hook = await app.Client.PostAsync("/api/webhooks/greenapi", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.DoesNotContain("Dashboard__Token", await hook.Content.ReadAsStringAsync(), StringComparison.Ordinal); // its own check answers, if any
    }

    [Fact]
    public async Task The_folder_address_redirects_to_its_slash_and_only_its_own_files_are_served()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };

        using var folder = await client.GetAsync("/api/dashboard?team=demo");
        Assert.Equal(HttpStatusCode.Redirect, folder.StatusCode);
        Assert.Equal("/api/dashboard/?team=demo", folder.Headers.Location?.OriginalString);
        using var index = await client.GetAsync("/api/dashboard/");
        Assert.Contains("Team overview", await index.Content.ReadAsStringAsync());
        using var script = await client.GetAsync("/api/dashboard/dashboard.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        foreach (var bad in new[] { "/api/dashboard/missing.html", "/api/dashboard/..%2Fhost.json", "/api/dashboard/../host.json", "/api/dashboard/sub/index.html", "/api/dashboard/INDEX.HTML" })
        {
            using var response = await client.GetAsync(bad);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{bad}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Bad_filters_are_refused_naming_the_parameter()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.Client.PostAsync("/api/demo/seed", null).ReadJsonAsync();

        async Task<(HttpStatusCode Status, string Body)> Get(string query)
        {
            using var response = await app.Client.GetAsync("/api/dashboard-summary" + query);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Get("?team=nobody")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("?manager_id=m-nobody")).Status);
        var bad = await Get("?manager_id=bad%20id");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("manager_id", bad.Body);
        var backwards = await Get("?from=2026-11-20&to=2026-11-10");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.Status);
        Assert.Contains("\"field\":\"from\"", backwards.Body);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get("?from=yesterday")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get("?from=2020-01-01&to=2026-01-01")).Status);

        var ok = await Get("?team=demo&manager_id=m-oleg");
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }
}
