// Owns PUT /api/assistant/inventory (the stock sheet) and PUT /api/assistant/photos/{name} (a product photo).
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Assistant.Photos;
using SalesCoach.Core.Assistant.Stock;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Assistant;

public sealed class UploadInventory(InventoryStore inventory)
{
    public const int MaxBytes = 20 * 1024 * 1024;

    public sealed record Response(int Lines, int InStock, IReadOnlyList<InventoryRowError> BadRows);

    [Function(nameof(UploadInventory))]
    [ApiOperation("Replaces the stock sheet (inventory.xlsx; the body is the workbook, at most 20 MiB): columns product_name, size, color, quantity, price (with or without currency). Bad rows are reported and skipped; a file that is not a workbook or lacks a column is a 400 and changes nothing. The assistant uses it at once.", Response = typeof(Response))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = "assistant/inventory")] HttpRequest request, CancellationToken cancellationToken)
    {
        var table = await inventory.UploadAsync(await RequestBody.ReadBytesAsync(request, MaxBytes, cancellationToken), cancellationToken);
        return TypedResults.Ok(new Response(table.Items.Count, table.Items.Count(i => i.InStock), table.Errors));
    }
}

public sealed class UploadProductPhoto(ProductPhotos photos)
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public sealed record Response(string Name, string? Product, string? Color);

    [Function(nameof(UploadProductPhoto))]
    [ApiOperation("Stores a product photo (.jpg, .jpeg, .png or .webp, at most 10 MiB; the body is the image). product and color tie it to a stock line; without them the file name must hold the product name and a colour word. The assistant sends up to three per request, as short-lived links.", Response = typeof(Response))]
    [ApiQuery("product", "string", "The product name as in the stock sheet.")]
    [ApiQuery("color", "string", "The colour as in the stock sheet.")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = "assistant/photos/{name}")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        if (name.Length > 200 || !(name.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".webp", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InputValidationException("name", "A photo is a .jpg, .jpeg, .png or .webp file name of at most 200 characters.");
        }
        string? product = request.Query["product"];
        string? color = request.Query["color"];
        if (product is { Length: > 200 } || color is { Length: > 100 })
        {
            throw new InputValidationException(product is { Length: > 200 } ? "product" : "color", "Too long.");
        }
        var content = await RequestBody.ReadBytesAsync(request, MaxBytes, cancellationToken);
        if (content.Length == 0)
        {
            throw new InputValidationException("$", "The body must be the image.");
        }
        await photos.UploadAsync(name, content, product, color, cancellationToken);
        return TypedResults.Ok(new Response(name, product, color));
    }
}
