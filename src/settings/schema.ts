// What Claude Code 2.1.332 accepts in a settings file, as far as gatehouse checks it. Key names
// come from the schema embedded in the pinned CLI; behaviour on bad values was observed with the
// real CLI (docs/hook-protocol.md): an unknown key is ignored, but a known key with a wrong type,
// a bad enum value, a malformed PreToolUse/PermissionRequest hook or a JSON syntax error makes
// Claude Code ignore the WHOLE file (silently in -p), taking every permission rule and hook in it
// along. A malformed hook on any other event only loses that entry.

export const KNOWN_KEYS: ReadonlySet<string> = new Set(
  (
    '$schema apiKeyHelper proxyAuthHelper awsCredentialExport awsAuthRefresh gcpAuthRefresh processWrapper policyHelper ' +
    'policyHelpers xaaIdp fileSuggestion respectGitignore breakReminder quietHours cleanupPeriodDays ' +
    'desktopSessionCleanupPeriodDays syncClaudeAiSkills syncClaudeAiPlugins skillListingMaxDescChars ' +
    'skillListingBudgetFraction wslInheritsWindowsSettings env attribution attributionProject attributionProjectPolicy ' +
    'includeCoAuthoredBy includeGitInstructions permissions additionalDirectoryConfigRoots model fallbackModel ' +
    'availableModels enforceAvailableModels availableModelsMatch deniedModels modelOverrides modelPicker modelPricing ' +
    'modelCatalogUrl modelCatalogPublicKey enableAllProjectMcpServers enabledMcpjsonServers disabledMcpjsonServers ' +
    'disableClaudeAiConnectors skillOverrides disableBundledSkills disableDirectMcpSkills managedMcpServers ' +
    'allowedMcpServers deniedMcpServers hooks worktree disableAllHooks disableReplyCheck disableAgentView ' +
    'disableRemoteControl disableWorkflows disableArtifact enableArtifact enableWorkflows workflowSizeGuideline ' +
    'workflowKeywordTriggerEnabled disableSkillShellExecution disableWindowsBashCommandSplit defaultShell ' +
    'bashEditDiffEnabled bashOutputMaxChars taskOutputMaxChars respondToBashCommands allowManagedHooksOnly ' +
    'allowedHttpHookUrls httpHookAllowedEnvVars allowManagedPermissionRulesOnly allowManagedMcpServersOnly ' +
    'desktopMcpServersListScope allowAllClaudeAiMcps allowClaudeInChromeWithManagedMcp strictPluginOnlyCustomization ' +
    'statusLine prUrlTemplate footerLinksRegexes subagentStatusLine enabledPlugins prependPlugins appendPlugins ' +
    'extraKnownMarketplaces additionalMarketplaces strictKnownMarketplaces allowedMarketplaces blockedMarketplaces ' +
    'disableCommandPluginSources disableSideloadFlags pluginSuggestionMarketplaces forceLoginMethod forceLoginGatewayUrl ' +
    'gatewayInternalNetworks parentSettingsBehavior managedSourcesBehavior forceLoginOrgUUID ' +
    'allowNestedModelAccessUnderForceLogin allowedProviders forceRemoteSettingsRefresh otelHeadersHelper outputStyle ' +
    'viewMode language skipWebFetchPreflight sandbox feedbackSurveyRate feedbackDrafts spinnerTipsEnabled ' +
    'clawdFileProgressEnabled spinnerVerbs spinnerTipsOverride syntaxHighlightingDisabled maxProseWidth spellcheck ' +
    'terminalTitleFromRename promptCacheTtl subagentPromptCacheTtl alwaysThinkingEnabled effortLevel maxEffortLevel ' +
    'modelSettings ultracode autoCompactWindow advisorModel fastMode fastModePerSessionOptIn promptSuggestionEnabled ' +
    'emojiCompletionEnabled awaySummaryEnabled responseComparisonEnabled showClearContextOnPlanAccept ' +
    'askUserQuestionTimeout dialogExpiry agent modelProposedGoals companyAnnouncements pluginConfigs remote ' +
    'autoUpdatesChannel minimumVersion requiredMinimumVersion requiredMaximumVersion downloadsMirrorUrl plansDirectory ' +
    'tui voice channelsEnabled allowedChannelPlugins prefersReducedMotion timeFormat timeZone doneMeansMerged ' +
    'totalTokensReminder totalTokensReminderBudget totalTokensReminderAfterUserTurn autoMemoryEnabled ' +
    'autoMemoryDirectory autoDreamEnabled showThinkingSummaries skipDangerousModePermissionPrompt ' +
    'skipWorkflowUsageWarning disableAutoMode remoteTools sshConfigs sshHostCommands claudeMd claudeMdExcludes ' +
    'pluginTrustMessage theme editorMode keybindingFlavor vimInsertModeRemaps verbose preferredNotifChannel ' +
    'autoCompactEnabled precomputeCompactionEnabled precomputeArmTokens autoCompactRaisedForLoad autoCompactOfferAnswer ' +
    'idleCompaction switchModelsOnFlag autoContinueAtUsageLimit autoScrollEnabled wheelScrollAccelerationEnabled ' +
    'fileCheckpointingEnabled showTurnDuration showMessageTimestamps terminalProgressBarEnabled todoFeatureEnabled ' +
    'teammateMode remoteControlAtStartup remoteControl isolatePeerMachines daemonColdStart crossSessionInbound ' +
    'remoteMessageReceipts autoUploadSessions inputNeededNotifEnabled agentPushNotifEnabled'
  ).split(' '),
);

export type ValueType = 'string' | 'boolean' | 'number' | 'object' | 'string[]' | 'string-map';

/** Types checked for keys where a wrong type is a likely mistake (every other known key is skipped). */
export const KEY_TYPES: Readonly<Record<string, ValueType>> = {
  $schema: 'string',
  apiKeyHelper: 'string',
  model: 'string',
  // Observed: non-string values are accepted (coerced), so only the object shape is checked.
  env: 'object',
  permissions: 'object',
  hooks: 'object',
  sandbox: 'object',
  statusLine: 'object',
  enabledPlugins: 'object',
  disableAllHooks: 'boolean',
  allowManagedHooksOnly: 'boolean',
  allowManagedPermissionRulesOnly: 'boolean',
  allowManagedMcpServersOnly: 'boolean',
  enableAllProjectMcpServers: 'boolean',
  enabledMcpjsonServers: 'string[]',
  disabledMcpjsonServers: 'string[]',
  skipDangerousModePermissionPrompt: 'boolean',
  includeCoAuthoredBy: 'boolean',
  respectGitignore: 'boolean',
  cleanupPeriodDays: 'number',
  outputStyle: 'string',
  language: 'string',
  forceLoginMethod: 'string',
  companyAnnouncements: 'string[]',
  verbose: 'boolean',
};

export const PERMISSION_KEYS: ReadonlySet<string> = new Set([
  'allow',
  'deny',
  'ask',
  'defaultMode',
  'disableBypassPermissionsMode',
  'disableAutoMode',
  'additionalDirectories',
  'blockReadsOutsideWorkingDirectories',
  'blockFileToolReadsOutsideWorkingDirectories',
  'blockWritesOutsideWorkingDirectories',
  'blockReadsExemptPaths',
  'workingDirectoriesAsGiven',
  'workingDirectoriesExclude',
  'denyInsteadOfPrompting',
]);

export const DEFAULT_MODES = ['default', 'manual', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'];

/** Every event `hooks` accepts in 2.1.332. */
export const HOOK_EVENTS: ReadonlySet<string> = new Set(
  (
    'PreToolUse PostToolUse PostToolUseFailure PostToolBatch Notification UserPromptSubmit UserPromptExpansion ' +
    'SessionStart SessionEnd Stop StopFailure SubagentStart SubagentStop PreCompact PostCompact PreModelSwitch ' +
    'PostModelSwitch PermissionRequest PermissionDenied Setup TeammateIdle TaskCreated TaskCompleted Elicitation ' +
    'ElicitationResult ConfigChange WorktreeCreate WorktreeRemove InstructionsLoaded CwdChanged FileChanged ' +
    'DirectoryAdded MessageDisplay PreSkillShellCommand'
  ).split(' '),
);

export const HANDLER_TYPES: ReadonlySet<string> = new Set(['command', 'http', 'prompt', 'agent', 'mcp_tool']);

/** Tools whose path rules Claude Code accepts but never consults (use Read/Edit). */
export const UNCONSULTED_PATH_TOOLS: ReadonlySet<string> = new Set(['Write', 'Glob', 'NotebookEdit', 'MultiEdit']);

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function hasType(v: unknown, t: ValueType): boolean {
  switch (t) {
    case 'string':
    case 'boolean':
    case 'number':
      return typeof v === t;
    case 'object':
      return typeOf(v) === 'object';
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'string-map':
      return typeOf(v) === 'object' && Object.values(v as object).every((x) => typeof x === 'string');
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest known name, if it is close enough to be a typo. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 4)) ? best : undefined;
}
