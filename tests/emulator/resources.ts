/**
 * FAPI JSON shapes (snake_case, timestamps in ms) for the emulator's state, written to validate
 * against Clerk's published FAPI spec (contract.test.ts checks every one).
 *
 * Choices documented here:
 * - `client.sessions` follows clerk-docs `reference/types/session-status.mdx`: `ended` sessions
 *   ("signed out of the session, but the Session remains in the Client object") stay, and so do
 *   `expired` and `abandoned` ones; `removed` and `revoked` sessions ("removed from the Client
 *   object") leave it.
 * - `last_active_token` of a live session is the most recently minted token, not a fresh one, so
 *   its `iat` is the last real refresh (reading the client is not activity and mints nothing).
 *   Sign-in mints the first one. Sessions that are no longer live carry `null`.
 */
import { activeOrganizationId, hasOrganizations, membershipsJson } from './organizations.ts';
import { abandonAt, expireAt, factorVerificationAge, LIVE_STATUSES } from './session-model.ts';
import { clientSessions, type InstanceState, type Session, type SignIn, type User } from './state.ts';

export function environmentJson(state: InstanceState): Record<string, unknown> {
  const attribute = (enabled: boolean, extra: Partial<Record<string, unknown>> = {}) => ({
    enabled,
    required: false,
    used_for_first_factor: false,
    first_factors: [],
    used_for_second_factor: false,
    second_factors: [],
    verifications: [],
    verify_at_sign_up: false,
    immutable: false,
    ...extra,
  });
  const devOrigin =
    state.type === 'development' ? 'https://accounts.dev.invalid' : `https://${state.host.replace(/^clerk\./, '')}`;
  const accounts = `${devOrigin}`;
  return {
    auth_config: {
      object: 'auth_config',
      id: `aac_emulator_${state.type}`,
      first_name: 'on',
      last_name: 'on',
      email_address: 'on',
      phone_number: 'off',
      username: 'off',
      password: 'required',
      identification_requirements: [['email_address']],
      identification_strategies: ['email_address'],
      first_factors: ['password', 'email_code'],
      second_factors: [],
      email_address_verification_strategies: ['email_code'],
      single_session_mode: state.settings.singleSessionMode,
      enhanced_email_deliverability: false,
      test_mode: false,
      url_based_session_syncing: state.type === 'development',
      claimed_at: null,
      reverification: true,
      // In clerk-js 6.40's AuthConfigJSON, not in the 2026-05-12 spec: sent only while switched on
      // (absent, clerk-js takes false). contract.test.ts, exception 3.
      ...(state.rules.sessionMinter ? { session_minter: true } : {}),
      native_settings: {
        object: 'native_settings',
        api_enabled: state.rules.nativeApiEnabled,
        trusted_device_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_up_enabled: false,
      },
    },
    display_config: {
      object: 'display_config',
      id: `display_config_emulator_${state.type}`,
      instance_environment_type: state.type,
      application_name: 'Clerk FAPI emulator',
      theme: {},
      preferred_sign_in_strategy: 'password',
      logo_image_url: null,
      favicon_image_url: null,
      home_url: `${accounts}/`,
      sign_in_url: `${accounts}/sign-in`,
      sign_up_url: `${accounts}/sign-up`,
      user_profile_url: `${accounts}/user`,
      waitlist_url: `${accounts}/waitlist`,
      oauth_consent_url: `${accounts}/oauth-consent`,
      after_sign_in_url: `${accounts}/`,
      after_sign_up_url: `${accounts}/`,
      after_sign_out_one_url: `${accounts}/`,
      after_sign_out_all_url: `${accounts}/sign-in`,
      after_switch_session_url: `${accounts}/`,
      after_join_waitlist_url: `${accounts}/`,
      organization_profile_url: `${accounts}/organization`,
      create_organization_url: `${accounts}/create-organization`,
      after_leave_organization_url: `${accounts}/`,
      after_create_organization_url: `${accounts}/`,
      logo_link_url: `${accounts}/`,
      support_email: null,
      branded: false,
      experimental_force_oauth_first: false,
      clerk_js_version: null,
      show_devmode_warning: false,
      google_one_tap_client_id: null,
      help_url: null,
      privacy_policy_url: null,
      terms_url: null,
      logo_url: null,
      favicon_url: null,
      logo_image: null,
      favicon_image: null,
      captcha_public_key: null,
      captcha_widget_type: null,
      captcha_public_key_invisible: null,
      captcha_provider: null,
      captcha_oauth_bypass: [],
      captcha_heartbeat: false,
    },
    user_settings: {
      attributes: {
        email_address: attribute(true, {
          required: true,
          used_for_first_factor: true,
          first_factors: ['email_code'],
          verifications: ['email_code'],
          verify_at_sign_up: true,
        }),
        phone_number: attribute(false),
        username: attribute(false),
        web3_wallet: attribute(false),
        first_name: attribute(true),
        last_name: attribute(true),
        password: attribute(true, { required: true }),
        authenticator_app: attribute(false),
        ticket: attribute(false),
        backup_code: attribute(false),
        passkey: attribute(false),
      },
      social: {},
      saml: { enabled: false },
      enterprise_sso: { enabled: false },
      sign_in: { second_factor: { required: false } },
      sign_up: {
        captcha_enabled: false,
        captcha_widget_type: 'smart',
        custom_action_required: false,
        progressive: true,
        mode: 'public',
        legal_consent_enabled: false,
      },
      restrictions: {
        allowlist: { enabled: false },
        blocklist: { enabled: false },
        allowlist_blocklist_disabled_on_sign_in: { enabled: false },
        block_email_subaddresses: { enabled: false },
        block_disposable_email_domains: { enabled: false },
      },
      password_settings: {
        disable_hibp: true,
        disable_password_reverification: false,
        min_length: 8,
        max_length: 72,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
        enforce_hibp_on_sign_in: false,
        allowed_special_characters: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      },
      username_settings: {
        min_length: 4,
        max_length: 64,
        allow_extended_special_characters: false,
        allow_numeric_usernames: false,
      },
      actions: { delete_self: true, create_organization: false, create_organizations_limit: null },
      attack_protection: {
        user_lockout: { enabled: false, max_attempts: 100, duration_in_minutes: 60 },
        pii: { enabled: false },
        email_link: { require_same_client: false },
        enumeration_protection: { enabled: false },
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false, satisfies_second_factor: false },
    },
    organization_settings: {
      enabled: hasOrganizations(state),
      max_allowed_memberships: 5,
      actions: { admin_delete: true },
      domains: { enabled: false, enrollment_modes: [], default_role: 'org:member' },
      slug: { disabled: false },
      creator_role: 'org:admin',
    },
    fraud_settings: { object: 'fraud_settings', native: { device_attestation_mode: 'disabled' } },
    api_keys_settings: { enabled: false, user_api_keys_enabled: false, orgs_api_keys_enabled: false },
    // Off by default: with partitioned cookies clerk-js writes cookies the extension SDK cannot read.
    partitioned_cookies: state.rules.partitionedCookies,
    // Keep false: debug mode sends logs to Clerk's telemetry.
    client_debug_mode: false,
    maintenance_mode: false,
  };
}

export function emailAddressJson(user: User): Record<string, unknown> {
  return {
    id: user.emailId,
    object: 'email_address',
    email_address: user.email,
    reserved: false,
    verification: {
      object: 'verification_otp',
      status: 'verified',
      strategy: 'email_code',
      attempts: 1,
      expire_at: user.createdAt,
    },
    linked_to: [],
    matches_sso_connection: false,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** `instance`: for the user's `organization_memberships` (organizations.ts). */
export function userJson(user: User, instance?: InstanceState): Record<string, unknown> {
  return {
    id: user.id,
    object: 'user',
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: user.imageUrl,
    has_image: user.hasImage,
    primary_email_address_id: user.emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: true,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [emailAddressJson(user)],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    organization_memberships: instance ? membershipsJson(instance, user.id) : [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    password_last_updated_at: user.createdAt,
    public_metadata: user.publicMetadata,
    unsafe_metadata: {},
    external_id: null,
    last_sign_in_at: user.lastSignInAt,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    delete_self_enabled: true,
    create_organization_enabled: false,
    last_active_at: user.lastActiveAt,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    legal_accepted_at: null,
  };
}

export function publicUserDataJson(user: User): Record<string, unknown> {
  return {
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: user.imageUrl,
    has_image: user.hasImage,
    identifier: user.email,
    user_id: user.id,
    username: user.username,
  };
}

function sessionBase(state: InstanceState, session: Session): Record<string, unknown> {
  return {
    id: session.id,
    object: 'session',
    status: session.status,
    expire_at: expireAt(session, state.settings),
    abandon_at: abandonAt(session),
    last_active_at: session.lastActiveAt,
  };
}

export function sessionJson(state: InstanceState, session: Session, at: number): Record<string, unknown> {
  const user = state.users.get(session.userId);
  const live = LIVE_STATUSES.has(session.status);
  return {
    ...sessionBase(state, session),
    last_active_token: live && session.lastActiveToken ? { object: 'token', jwt: session.lastActiveToken.jwt } : null,
    last_active_organization_id: activeOrganizationId(state, session),
    actor: null,
    tasks: null,
    user: user ? userJson(user, state) : null,
    public_user_data: user ? publicUserDataJson(user) : null,
    factor_verification_age: factorVerificationAge(session.firstFactorVerifiedAt, at),
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** An entry of `GET /v1/me/sessions/active`. */
export function activeSessionJson(state: InstanceState, session: Session): Record<string, unknown> {
  const a = session.activity;
  return {
    ...sessionBase(state, session),
    last_active_token: null,
    actor: null,
    latest_activity: {
      object: 'session_activity',
      id: a.id,
      device_type: a.deviceType,
      is_mobile: a.isMobile,
      browser_name: a.browserName,
      browser_version: a.browserVersion,
      ip_address: a.ipAddress,
      city: a.city,
      country: a.country,
    },
  };
}

export function signInJson(state: InstanceState, signIn: SignIn): Record<string, unknown> {
  const user = state.users.get(signIn.userId);
  const complete = signIn.status === 'complete';
  return {
    object: 'sign_in_attempt',
    id: signIn.id,
    status: signIn.status,
    supported_identifiers: ['email_address'],
    supported_first_factors: user
      ? [
          { strategy: 'password' },
          { strategy: 'email_code', safe_identifier: user.email, email_address_id: user.emailId, primary: true },
        ]
      : [],
    supported_second_factors: null,
    first_factor_verification: signIn.firstFactorVerified
      ? { object: 'verification_password', status: 'verified', strategy: 'password', attempts: 1, expire_at: null }
      : null,
    second_factor_verification: null,
    identifier: signIn.identifier,
    user_data: user
      ? { first_name: user.firstName, last_name: user.lastName, image_url: user.imageUrl, has_image: user.hasImage }
      : null,
    created_session_id: complete ? signIn.createdSessionId : null,
    abandon_at: signIn.abandonAt,
  };
}

/** Statuses whose sessions clerk-docs says are removed from the Client object. */
const LEAVE_THE_CLIENT: ReadonlySet<string> = new Set(['removed', 'revoked']);

export function clientJson(state: InstanceState, clientId: string, at: number): Record<string, unknown> | null {
  const client = state.clients.get(clientId);
  if (!client) return null;
  const signIn = client.signInId ? state.signIns.get(client.signInId) : undefined;
  const sessions = clientSessions(state, client).filter((s) => !LEAVE_THE_CLIENT.has(s.status));
  return {
    object: 'client',
    id: client.id,
    sessions: sessions.map((s) => sessionJson(state, s, at)),
    sign_in: signIn ? signInJson(state, signIn) : null,
    sign_up: null,
    last_active_session_id: client.lastActiveSessionId,
    last_authentication_strategy: client.lastAuthenticationStrategy,
    cookie_expires_at: client.createdAt + 365 * 24 * 60 * 60 * 1000,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}
