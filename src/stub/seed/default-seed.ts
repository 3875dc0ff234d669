import type { StubSeed } from "./types.js";

/**
 * The data the stub starts with when no seed is given. App 1 is the one every smoke check can
 * use: it has a field of every type, records, process management, comments-ready records and an
 * attachment to download. App 2 sits in an ordinary space, app 3 in guest space 1. Each of these
 * apps' required text field has the code `Text`, the code the collection's request examples write.
 * App 4 (案件管理) is the `generate --app` showcase: Japanese codes, required and unique fields, a
 * required lookup into app 1, a table of several types and a status whose assignee the action must name.
 *
 * Credentials (local test values, not secrets):
 * - users `Administrator` / `stub-password`, `sato` / `パスワード` (non-ASCII on purpose),
 *   `guest@example.com` / `guest-password`;
 * - API tokens `stub-token-app1` (all permissions), `stub-token-app1-view` (view only),
 *   `stub-token-app2`, `stub-token-app3`, `stub-token-app4`;
 * - OAuth access token `stub-oauth-token` (acts as Administrator).
 */
export const defaultSeed: StubSeed = {
  users: [
    {
      login: "Administrator",
      password: "stub-password",
      name: "Administrator",
      email: "admin@example.com",
    },
    { login: "sato", password: "パスワード", name: "佐藤 花子", email: "sato@example.com" },
    { login: "guest@example.com", password: "guest-password", name: "Guest User" },
  ],
  organizations: [
    { code: "sales", name: "Sales" },
    { code: "support", name: "Support" },
  ],
  groups: [
    { code: "everyone", name: "Everyone" },
    { code: "managers", name: "Managers" },
  ],
  spaces: [
    { id: 1, name: "Guest space", isGuest: true, members: ["Administrator", "guest@example.com"] },
    { id: 2, name: "Sales team", members: ["Administrator", "sato"] },
  ],
  oauthTokens: [{ token: "stub-oauth-token", login: "Administrator" }],
  plugins: [
    {
      id: "ofgkcbnkmadkbbakfhgfnlmldapekfjc",
      name: "Sample plug-in",
      description: "Installed in the stub's domain, ready to add to an app.",
    },
  ],
  files: [
    {
      fileKey: "20240401090000A1B2C3D4E5F60718293A4B5C6D7E8F9A0",
      name: "welcome.txt",
      contentType: "text/plain",
      text: "Hello from the kintone stub.\n",
    },
  ],
  apps: [
    {
      id: 1,
      name: "Customers",
      description: "Every field type, a few records and process management.",
      apiTokens: [
        { token: "stub-token-app1" },
        { token: "stub-token-app1-view", permissions: { viewRecord: true } },
      ],
      fields: [
        {
          code: "Text",
          type: "SINGLE_LINE_TEXT",
          label: "Customer",
          required: true,
          maxLength: "64",
        },
        { code: "Email", type: "SINGLE_LINE_TEXT", label: "Email", unique: true },
        { code: "Amount", type: "NUMBER", label: "Amount", minValue: "0", unit: "$" },
        { code: "Tax", type: "CALC", label: "Tax", expression: "Amount * 0.1" },
        { code: "Tags", type: "CHECK_BOX", label: "Tags", options: ["VIP", "New", "Partner"] },
        {
          code: "Priority",
          type: "RADIO_BUTTON",
          label: "Priority",
          options: ["High", "Medium", "Low"],
          defaultValue: "Medium",
        },
        {
          code: "Stage",
          type: "DROP_DOWN",
          label: "Stage",
          options: ["Lead", "Deal", "Won", "Lost"],
        },
        {
          code: "Channels",
          type: "MULTI_SELECT",
          label: "Channels",
          options: ["Email", "Phone", "Web"],
        },
        { code: "Due_date", type: "DATE", label: "Due date" },
        { code: "Call_time", type: "TIME", label: "Call time" },
        { code: "Meeting", type: "DATETIME", label: "Meeting" },
        { code: "Owner", type: "USER_SELECT", label: "Owner" },
        { code: "Department", type: "ORGANIZATION_SELECT", label: "Department" },
        { code: "Team", type: "GROUP_SELECT", label: "Team" },
        { code: "Attachments", type: "FILE", label: "Attachments" },
        { code: "Website", type: "LINK", label: "Website", protocol: "WEB" },
        { code: "Notes", type: "RICH_TEXT", label: "Notes" },
        { code: "Memo", type: "MULTI_LINE_TEXT", label: "Memo" },
        {
          code: "Items",
          type: "SUBTABLE",
          label: "Items",
          fields: [
            { code: "Item", type: "SINGLE_LINE_TEXT", label: "Item" },
            { code: "Quantity", type: "NUMBER", label: "Quantity" },
          ],
        },
      ],
      process: {
        states: [
          { name: "Not started", assignees: ["Administrator"] },
          { name: "In progress", assignees: ["Administrator"] },
          { name: "Completed" },
        ],
        actions: [
          { name: "Start", from: "Not started", to: "In progress" },
          { name: "Complete", from: "In progress", to: "Completed" },
          { name: "Reopen", from: "Completed", to: "In progress" },
        ],
      },
      records: [
        {
          Text: { value: "Kintone Research" },
          Email: { value: "research@example.com" },
          Amount: { value: "1200" },
          Tags: { value: ["VIP"] },
          Priority: { value: "High" },
          Stage: { value: "Deal" },
          Channels: { value: ["Email", "Web"] },
          Due_date: { value: "2024-05-31" },
          Call_time: { value: "10:30" },
          Meeting: { value: "2024-05-20T01:00:00Z" },
          Owner: { value: [{ code: "Administrator" }] },
          Department: { value: [{ code: "sales" }] },
          Team: { value: [{ code: "managers" }] },
          Attachments: { value: [{ fileKey: "20240401090000A1B2C3D4E5F60718293A4B5C6D7E8F9A0" }] },
          Website: { value: "https://example.com" },
          Notes: { value: "<div>First customer</div>" },
          Memo: { value: "Met at the trade fair." },
          Items: {
            value: [
              { value: { Item: { value: "Licence" }, Quantity: { value: "10" } } },
              { value: { Item: { value: "Support" }, Quantity: { value: "1" } } },
            ],
          },
        },
        {
          Text: { value: "Cybozu Trading" },
          Email: { value: "trading@example.com" },
          Amount: { value: "300" },
          Tags: { value: ["New"] },
          Stage: { value: "Lead" },
          Owner: { value: [{ code: "sato" }] },
        },
        {
          Text: { value: "佐藤商店" },
          Email: { value: "shop@example.com" },
          Amount: { value: "50" },
          Priority: { value: "Low" },
          Stage: { value: "Won" },
          Memo: { value: "日本語のメモ" },
        },
      ],
    },
    {
      id: 2,
      name: "Orders",
      spaceId: 2,
      apiTokens: [{ token: "stub-token-app2" }],
      fields: [
        { code: "Text", type: "SINGLE_LINE_TEXT", label: "Title", required: true },
        { code: "Quantity", type: "NUMBER", label: "Quantity" },
        { code: "Ordered_on", type: "DATE", label: "Ordered on" },
      ],
      records: [
        {
          Text: { value: "First order" },
          Quantity: { value: "3" },
          Ordered_on: { value: "2024-04-01" },
        },
        { Text: { value: "Second order" }, Quantity: { value: "5" } },
      ],
    },
    {
      id: 3,
      name: "Guest tasks",
      spaceId: 1,
      apiTokens: [{ token: "stub-token-app3" }],
      fields: [
        { code: "Text", type: "SINGLE_LINE_TEXT", label: "Task", required: true },
        { code: "Done", type: "CHECK_BOX", label: "Done", options: ["Yes"] },
      ],
      records: [{ Text: { value: "Share the agenda" } }, { Text: { value: "Review the draft" } }],
    },
    {
      id: 4,
      name: "案件管理",
      description:
        "A form with every writable field type: required and unique fields, a required lookup into app 1, a table, and a status that asks for its assignee.",
      apiTokens: [{ token: "stub-token-app4" }],
      fields: [
        { code: "案件名", type: "SINGLE_LINE_TEXT", required: true, maxLength: "100" },
        { code: "案件コード", type: "SINGLE_LINE_TEXT", required: true, unique: true },
        {
          code: "顧客メール",
          type: "SINGLE_LINE_TEXT",
          required: true,
          lookup: {
            relatedApp: { app: "1", code: "" },
            relatedKeyField: "Email",
            fieldMappings: [{ field: "顧客名", relatedField: "Text" }],
            lookupPickerFields: ["Text", "Email"],
            filterCond: "",
            sort: "Record_number desc",
          },
        },
        { code: "顧客名", type: "SINGLE_LINE_TEXT" },
        { code: "金額", type: "NUMBER", required: true, minValue: "1000", maxValue: "5000000" },
        { code: "税込", type: "CALC", expression: "金額 * 1.1" },
        { code: "確度", type: "RADIO_BUTTON", options: ["A", "B", "C"], defaultValue: "B" },
        { code: "区分", type: "DROP_DOWN", required: true, options: ["新規", "既存"] },
        { code: "商材", type: "CHECK_BOX", required: true, options: ["ライセンス", "サポート"] },
        { code: "経路", type: "MULTI_SELECT", options: ["Web", "展示会", "紹介"] },
        { code: "受注予定日", type: "DATE", required: true },
        { code: "訪問時刻", type: "TIME" },
        { code: "次回打合せ", type: "DATETIME" },
        { code: "担当者", type: "USER_SELECT", required: true },
        { code: "部署", type: "ORGANIZATION_SELECT" },
        { code: "チーム", type: "GROUP_SELECT" },
        { code: "資料", type: "FILE" },
        { code: "Webサイト", type: "LINK", protocol: "WEB" },
        { code: "電話", type: "LINK", protocol: "CALL" },
        { code: "連絡先メール", type: "LINK", protocol: "MAIL" },
        { code: "詳細", type: "RICH_TEXT" },
        { code: "備考", type: "MULTI_LINE_TEXT", maxLength: "2000" },
        {
          code: "明細",
          type: "SUBTABLE",
          fields: [
            { code: "品目", type: "SINGLE_LINE_TEXT", required: true },
            { code: "数量", type: "NUMBER", minValue: "1", maxValue: "999" },
            { code: "種別", type: "DROP_DOWN", options: ["物品", "役務"] },
            { code: "納期", type: "DATE" },
            { code: "小計", type: "CALC", expression: "数量 * 100" },
          ],
        },
        { code: "社内メモ", type: "GROUP" },
        {
          code: "関連案件",
          type: "REFERENCE_TABLE",
          referenceTable: {
            relatedApp: { app: "4", code: "" },
            condition: { field: "区分", relatedField: "区分" },
            filterCond: "",
            displayFields: ["案件名"],
            sort: "Record_number desc",
            size: "5",
          },
        },
      ],
      process: {
        states: [
          { name: "未着手" },
          { name: "対応中", assignees: ["Administrator", "sato"], assigneeType: "ONE" },
          { name: "完了" },
        ],
        actions: [
          { name: "着手する", from: "未着手", to: "対応中" },
          { name: "完了にする", from: "対応中", to: "完了" },
        ],
      },
      records: [
        {
          案件名: { value: "年間ライセンス更新" },
          案件コード: { value: "P-0001" },
          顧客メール: { value: "research@example.com" },
          金額: { value: "1200000" },
          区分: { value: "既存" },
          商材: { value: ["ライセンス"] },
          受注予定日: { value: "2024-06-30" },
          担当者: { value: [{ code: "sato" }] },
          明細: { value: [{ value: { 品目: { value: "ライセンス" }, 数量: { value: "10" } } }] },
        },
      ],
    },
  ],
};
