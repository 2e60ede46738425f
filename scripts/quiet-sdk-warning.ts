/**
 * The AWS SDK warns on Node 20 that its releases from 2027 need Node 22. The Lambdas run Node 22; on a developer's
 * machine the warning says nothing they can act on in these scripts, so it is switched off (both names the SDK
 * has used for the switch).
 */
export function quietSdkVersionWarning(): void {
  process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING = '1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
