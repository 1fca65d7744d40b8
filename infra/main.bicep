// SalesCoach on Azure Functions (Linux, .NET isolated worker with Durable Functions): storage for
// tables, queues and the Durable task hub, a Consumption plan and the function app. Deploy the
// publish output of SalesCoach.Functions (dotnet publish -c Release) as the app's zip package.
targetScope = 'resourceGroup'

@description('Base name; resources get short suffixes. Lower-case letters and digits.')
@minLength(3)
@maxLength(11)
param name string = 'salescoach'

param location string = resourceGroup().location

@description('Prefix of every table and queue (SalesCoach__StoragePrefix).')
param storagePrefix string = 'sc'

@description('Telegram bot token; empty keeps the outbox as the sink (read it at GET /api/outbox).')
@secure()
param telegramBotToken string = ''

@description('The managers\' Telegram bot: the webhook secret (secret_token of setWebhook); empty refuses every webhook delivery.')
@secure()
param botWebhookSecret string = ''

@description('Manager ids (comma-separated) who see everything in the bot, and those who see their team.')
param botAdmins string = ''
param botTeamLeads string = ''

@description('Azure OpenAI endpoint, deployment and key; all three enable the LLM coach, else the rule coach answers.')
param openAiEndpoint string = ''
param openAiDeployment string = ''
@secure()
param openAiApiKey string = ''

@description('amoCRM/Kommo integration (README "CRM data in"); empty leaves the source unconfigured.')
param amoCrmBaseUrl string = ''
param amoCrmClientId string = ''
@secure()
param amoCrmClientSecret string = ''
@secure()
param amoCrmRefreshToken string = ''
@secure()
param amoCrmWebhookSecret string = ''

@description('RetailCRM v5 (README "CRM data in"); empty leaves the source unconfigured.')
param retailCrmBaseUrl string = ''
@secure()
param retailCrmApiKey string = ''

@description('GREEN-API webhookUrlToken; empty refuses WhatsApp webhooks.')
@secure()
param greenApiWebhookToken string = ''

@description('GREEN-API host of the instance (e.g. https://1103.api.green-api.com), for the WhatsApp assistant\'s replies and nudges.')
param greenApiApiUrl string = ''
param greenApiIdInstance string = ''

@description('GREEN-API apiTokenInstance; empty: the WhatsApp outbox is only a sink.')
@secure()
param greenApiApiTokenInstance string = ''

@description('Manager id whose Telegram chat gets the WhatsApp assistant\'s orders and handoffs.')
param assistantManagerId string = ''

@description('IANA time zone of WhatsApp clients for the nudge window (09:00-19:00).')
param assistantTimeZone string = 'Asia/Almaty'

@description('Where the assistant\'s knowledge base is searched: local (Lucene in each instance) or azure (Azure AI Search, for large catalogues; then the endpoint and an admin key are required).')
@allowed([
  'local'
  'azure'
])
param assistantSearch string = 'local'
param azureSearchEndpoint string = ''
@secure()
param azureSearchApiKey string = ''
param azureSearchIndexName string = 'salescoach-knowledge'

@description('IANA time zone of the team for chat analytics and reports.')
param chatsTimeZone string = 'Europe/Moscow'

@description('Local hour (0-23) of the daily review in each manager\'s time zone.')
@minValue(0)
@maxValue(23)
param dailyReviewHour int = 8

@description('Detailed coaching cards per manager per team run; every other deal is one summary line.')
@minValue(0)
@maxValue(100)
param maxCardsPerRun int = 5

@description('Default language of coaching texts (ru, uk, en) for managers without their own.')
@allowed(['ru', 'uk', 'en'])
param defaultLanguage string = 'ru'

@description('Application Insights connection string: traces, metrics (function durations, outbox sent/failed, LLM tokens, CRM sync counts) and logs go to Azure Monitor through OpenTelemetry. Empty: not exported.')
@secure()
param applicationInsightsConnectionString string = ''

var suffix = uniqueString(resourceGroup().id, name)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${name}${suffix}', 24)
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  sku: {
    name: 'Y1'
    tier: 'Dynamic'
  }
  kind: 'functionapp'
  properties: {
    reserved: true // Linux
  }
}

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-${suffix}'
  location: location
  kind: 'functionapp,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'AzureWebJobsStorage', value: storageConnection }
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
        { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: storageConnection }
        { name: 'WEBSITE_CONTENTSHARE', value: toLower('${name}-${suffix}') }
        { name: 'SalesCoach__StoragePrefix', value: storagePrefix }
        { name: 'SalesCoach__OutboxSchedule', value: '*/2 * * * * *' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'Telegram__BotToken', value: telegramBotToken }
        { name: 'Bot__WebhookSecret', value: botWebhookSecret }
        { name: 'Bot__WebhookUrl', value: 'https://${name}-${suffix}.azurewebsites.net/api/telegram/webhook' }
        { name: 'Bot__Admins', value: botAdmins }
        { name: 'Bot__TeamLeads', value: botTeamLeads }
        { name: 'DailyReview__Hour', value: string(dailyReviewHour) }
        { name: 'Coaching__MaxCardsPerRun', value: string(maxCardsPerRun) }
        { name: 'Coaching__RefitSchedule', value: '0 30 2 * * *' }
        { name: 'Languages__Default', value: defaultLanguage }
        { name: 'OpenAI__Endpoint', value: openAiEndpoint }
        { name: 'OpenAI__Deployment', value: openAiDeployment }
        { name: 'OpenAI__ApiKey', value: openAiApiKey }
        { name: 'AmoCrm__BaseUrl', value: amoCrmBaseUrl }
        { name: 'AmoCrm__ClientId', value: amoCrmClientId }
        { name: 'AmoCrm__ClientSecret', value: amoCrmClientSecret }
        { name: 'AmoCrm__RefreshToken', value: amoCrmRefreshToken }
        { name: 'AmoCrm__WebhookSecret', value: amoCrmWebhookSecret }
        { name: 'RetailCrm__BaseUrl', value: retailCrmBaseUrl }
        { name: 'RetailCrm__ApiKey', value: retailCrmApiKey }
        { name: 'GreenApi__WebhookToken', value: greenApiWebhookToken }
        { name: 'GreenApi__ApiUrl', value: greenApiApiUrl }
        { name: 'GreenApi__IdInstance', value: greenApiIdInstance }
        { name: 'GreenApi__ApiTokenInstance', value: greenApiApiTokenInstance }
        { name: 'Assistant__ManagerId', value: assistantManagerId }
        { name: 'Assistant__TimeZone', value: assistantTimeZone }
        { name: 'Assistant__Search', value: assistantSearch }
        { name: 'AzureSearch__Endpoint', value: azureSearchEndpoint }
        { name: 'AzureSearch__ApiKey', value: azureSearchApiKey }
        { name: 'AzureSearch__IndexName', value: azureSearchIndexName }
        { name: 'Assistant__OutboxSchedule', value: '*/5 * * * * *' }
        { name: 'Assistant__NudgeSchedule', value: '0 * * * * *' }
        { name: 'Chats__TimeZone', value: chatsTimeZone }
        { name: 'Agent__DailyReviewSchedule', value: '0 0 * * * *' }
        { name: 'Agent__InactivitySchedule', value: '0 30 * * * *' }
        { name: 'Agent__ViewRefreshSchedule', value: '0 15 */6 * * *' }
        { name: 'Agent__ExpirySchedule', value: '0 0 0 * * *' }
        { name: 'Agent__SquadSchedule', value: '0 0 9 * * 1' }
        { name: 'Agent__CleanupSchedule', value: '0 0 2 * * *' }
        { name: 'Agent__HealthSchedule', value: '0 */15 * * * *' }
      ]
    }
  }
}

output functionAppName string = app.name
output apiBaseUrl string = 'https://${app.properties.defaultHostName}/api'
output storageAccountName string = storage.name
