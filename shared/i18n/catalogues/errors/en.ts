/**
 * The error texts in English (R-L3): the title of each problem `code`, then each text a throw site
 * names (through shared/i18n/error-texts.ts) as a problem's `detail` or a field's message; `{name}`
 * is a value the throw site gives. This catalogue is the reference: its names and placeholders type
 * every throw site, and every other language has the same names with the same placeholders (the
 * catalogue test). One export per text, so that a function's bundle carries only the texts its
 * code can throw.
 */
export const titles = {
  VALIDATION_FAILED: "Validation failed",
  INVALID_TEXT: "Invalid characters",
  UNAUTHENTICATED: "Authentication required",
  INVALID_CREDENTIALS: "Invalid credentials",
  FORBIDDEN: "Forbidden",
  INVALID_PASSWORD: "Invalid password",
  ADMINISTRATOR_REQUIRED: "Administrator required",
  LEGAL_REPRESENTATIVE_REQUIRED: "Legal representative required",
  BILLING_RIGHTS_REQUIRED: "Billing rights required",
  PRODUCT_ACCESS_REQUIRED: "Product access required",
  CANNOT_RAISE_OWN_RIGHTS: "Cannot raise own rights",
  INVITATION_EMAIL_MISMATCH: "Invitation for another address",
  RECOVERY_EMAIL_NEEDS_LOGIN_LINK: "Recovery email not changeable with this link",
  NOT_FOUND: "Not found",
  DELETION_NOT_FOUND: "No deletion",
  ARCHIVE_NOT_FOUND: "No archive",
  METHOD_NOT_ALLOWED: "Method not allowed",
  CONFLICT: "Conflict",
  LOGIN_EMAIL_TAKEN: "Login email taken",
  LAST_LEGAL_REPRESENTATIVE: "Last legal representative",
  ORGANIZATION_NOT_EMPTY: "Organization not empty",
  ORGANIZATION_DELETING: "Organization being deleted",
  ORGANIZATION_NOT_ACTIVE: "Organization not active",
  REMOVAL_IN_PROGRESS: "Removal in progress",
  ALREADY_MEMBER: "Already a member",
  PRODUCT_NOT_ACTIVE: "Product not active",
  PROMO_CODE_EXISTS: "Promo code exists",
  INSUFFICIENT_BALANCE: "Insufficient balance",
  PREPAID_CURRENCY_MISMATCH: "Prepaid balance in another currency",
  INVOICE_NOT_OPEN: "Invoice not open",
  TOO_MANY_BILLING_ADDRESSES: "Too many billing addresses",
  PREREQUISITES_NOT_MET: "Prerequisites not met",
  DELETION_NOT_FAILED: "Deletion not failed",
  MAIL_NOT_FAILED: "Mail not failed",
  IDEMPOTENCY_REQUEST_IN_FLIGHT: "Request in progress",
  TOKEN_EXPIRED_OR_USED: "Link expired or already used",
  PRECONDITION_FAILED: "Precondition failed",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  WEAK_PASSWORD: "Weak password",
  SAME_AS_LOGIN_EMAIL: "Same as the login email",
  SAME_AS_RECOVERY_EMAIL: "Same as the recovery email",
  NAME_FIXED_FOR_INDIVIDUAL: "An individual's name is their person's",
  NAME_REQUIRED: "Name required",
  UNKNOWN_PRODUCT: "Unknown product",
  UNKNOWN_BILLING_ADDRESS: "Unknown billing address",
  PROMO_CODE_INVALID: "Promo code invalid",
  PROMO_CODE_NOT_APPLICABLE: "Promo code not applicable",
  FREE_OFFER_NOT_APPLICABLE: "Free offer not applicable",
  DATA_DECISIONS_REQUIRED: "Data decisions required",
  INVALID_TRANSFER_TARGET: "Invalid transfer target",
  CONFIRMATION_MISMATCH: "Confirmation mismatch",
  IDEMPOTENCY_KEY_REUSED: "Idempotency key reused",
  INVALID_IMAGE: "Invalid image",
  UNSAFE_SVG: "Unsafe SVG",
  PRECONDITION_REQUIRED: "Precondition required",
  TOO_MANY_REQUESTS: "Too many requests",
  ACCOUNT_LOCKED: "Account locked",
  INTERNAL_ERROR: "Internal error",
  BAD_GATEWAY: "Bad gateway",
  SERVICE_UNAVAILABLE: "Service unavailable",
  PAYMENT_UNAVAILABLE: "Payment not done",
  PAYOUT_UNAVAILABLE: "Payout not done yet",
};

// The request itself (shared/http.ts, the local gateway).
export const requestNotValid = "The request is not valid.";
export const bodyNotJson = "The body is not valid JSON.";
export const bodyNotExpected = "This route takes no body.";
export const bodyNotJsonMediaType = "Send the body as application/json.";
export const bodyTooLarge = "The body is larger than 1 MiB.";
export const requestTooLarge = "The request is larger than 10 MiB.";
export const textControlCharacters = "Control characters and direction overrides are not allowed in text.";
export const fieldControlCharacters = "Control characters and direction overrides are not allowed.";
export const pathIdUnknown = "Nothing exists with this {parameter}.";
export const pathNotPercentEncoded = "The path is not valid percent-encoding.";
export const routeUnknown = "No route {method} {path}.";
export const cursorNotValid = "Not a valid cursor.";
export const idempotencyKeyFormat = "Use 1 to {max} visible ASCII characters.";
export const internalError = "Something went wrong on our side.";
export const handlerFailed = "The handler failed.";
export const serviceBusy = "The service is busy; try again in a moment.";
export const tooManyRequestsOfKind = "Too many requests of this kind; try again later.";
export const concurrentChange = "Someone else is changing the same thing right now; try again in a moment.";

// Signing in and sessions.
export const signInFirst = "Sign in first.";
export const bearerTokenMissing = "Send a bearer token.";
export const authorizerFailed = "The authorizer failed.";
export const authorizerRefused = "The authorizer refused this request.";
export const operatorCredentialsRequired = "Operator credentials required.";
export const sessionEnded = "This session has ended; sign in again.";
export const accountGone = "This account no longer exists.";
export const accountClosedSinceCreated = "This account was closed since it was created.";
export const credentialsWrong = "The email or the password is not correct.";
export const accountLocked = "Too many failed sign-ins. Try again later.";
export const passwordWrong = "The password is not correct.";

// Addresses and passwords.
export const loginEmailTaken =
  "This address is already the login email of an account, and one address logs into one account. To work with it in your organization, invite that account with the rights it needs, then withdraw this one. If the address is yours and you did not open that account, reset its password from the sign-in page to take it back.";
export const invitedAddressTaken =
  "An account already uses the invited address: sign in with it and accept the invitation.";
export const recoveryEqualsLoginEmail = "The recovery email must differ from the login email.";
export const recoveryEqualsInvitedAddress =
  "The recovery email must differ from the invited address, which becomes the login email.";
export const loginEqualsRecoveryEmail = "The login email must differ from the recovery email.";
export const recoveryChangedToNewLoginEmail =
  "The recovery email was changed to this address since the request: the login email must differ from it.";
export const alreadyLoginEmail = "This is already your login email.";
export const recoveryNeedsLoginLink =
  "Only the link sent to the login address can also set a new recovery address.";
export const passwordTooShort = "The password needs at least {min} characters.";
export const passwordTooLong = "The password may have at most {max} characters.";
export const passwordContainsEmail = "The password must not contain the login email.";
export const passwordTooCommon = "The password is too common.";
export const passwordPolicy =
  "At least {min} and at most {max} characters, not containing the login email or its name part, and not a common password.";
export const linkExpiredOrUsed = "This link has expired or was already used. Ask for a new one.";
export const resetLinkExpiredOrUsed =
  "This link has expired, was already used or was replaced by a newer one. Ask for a new one.";
export const terminationLinkExpiredOrUsed =
  "This link has expired, was already used, or a newer termination link replaced it.";
export const accountChangedMeanwhile = "The account changed meanwhile; try again.";
export const accountChangedAskNewLink = "The account changed meanwhile; ask for a new link.";
export const passwordChangedMeanwhile = "The password changed meanwhile; try again.";

// Closing an account.
export const lastLegalRepresentativeOfShared =
  "You are the last legal representative of an organization that still has other members: make one of them a legal representative first.";
export const lastMemberOrganizationDeleting =
  "An organization you are the last member of is being deleted: let its deletion finish first.";
export const organizationNotEmpty =
  "Closing your account would leave an organization with no member while it still holds {holdings}: terminate its products, settle its invoices and withdraw its balance, or delete the organization (which does it), first.";
export const tooManyMemberships = "Too many memberships to close at once; leave some organizations first.";
export const yourOrganizationChangedMeanwhile = "An organization of yours changed meanwhile; try again.";

// What an organization still holds (lists in other messages).
export const holdsProducts = "products";
export const holdsOpenInvoices = "open invoices";
export const holdsUnpaidInvoices = "unpaid invoices";
export const holdsPrepaidBalance = "a prepaid balance";
export const holdsMembers = "other members";

// Organizations.
export const organizationNotFound = "No such organization.";
export const organizationDeleting = "This organization is being deleted; it cannot change.";
export const organizationGone =
  "This organization is being deleted or is gone; the payment was not taken (anything charged is refunded).";
export const organizationChangedMeanwhile = "The organization changed meanwhile.";
export const organizationChangedTryAgain = "The organization changed meanwhile; try again.";
export const ifMatchRequired = "Send If-Match with the ETag of the organization you read.";
export const organizationChangedSinceRead =
  "The organization changed since you read it; read it again and retry.";
export const individualNameFixed =
  "An individual's organization is named after its person; it takes no other name.";
export const nameRequiredForType =
  "An association or a company needs its name: send `name` with the new type.";
export const tooManyBillingAddresses =
  "An organization keeps at most {max} extra billing addresses; remove one first.";
export const billingAddressNotFound = "No such billing address.";

// Logos.
export const logoTypeNotAllowed = "A logo is image/png, image/jpeg or image/svg+xml.";
export const logoTooLarge = "A logo may have at most {maxKib} KiB.";
export const logoNotFound = "This organization has no logo.";
export const uploadNotFound = "No such upload.";
export const imageNotPng = "The file is not a PNG image.";
export const imageNotJpeg = "The file is not a JPEG image.";
export const svgNotUtf8 = "An SVG logo must be UTF-8 text.";
export const svgRootMissing = "The file is not an SVG image: its root must be <svg>.";
export const svgUnsafe = "An SVG logo may hold drawings only; this one holds {reason}.";
export const svgHoldsDeclarations = "document type or entity declarations";
export const svgHoldsStyleAttribute = "a style attribute";
export const svgHoldsBackslash = "a backslash (a CSS escape)";
export const svgHoldsCharacterReferences = "character references";
export const svgHoldsElement = "the element <{element}>";
export const svgHoldsEventHandlers = "event handler attributes";
export const svgHoldsLinks = "links to other documents";
export const svgHoldsReferences = "references to other documents";
export const svgHoldsActiveContent = "active content";

// Members and invitations.
export const administratorRequired = "Only an administrator or a legal representative may do this.";
export const legalRepresentativeRequired = "Only a legal representative may do this.";
export const billingRightsRequired = "You need billing rights in this organization.";
export const productAccessRequired = "You have no access to this product.";
export const grantingBillingRightsRequired =
  "Only a legal representative or a member with billing rights may grant billing rights.";
export const cannotRaiseOwnRights =
  "Nobody raises their own role or rights: another legal representative or administrator must make this change.";
export const lastLegalRepresentative =
  "The organization's last legal representative can be neither removed nor demoted.";
export const memberBeingRemoved = "This member is being removed; wait for the removal to end.";
export const memberBeingRemovedOtherwise =
  "This member is already being removed, with other decisions; wait for that removal to end.";
export const alreadyMember = "This person is already a member of the organization.";
export const memberNotFound = "No such member in this organization.";
export const memberChangedMeanwhile = "The member changed or left meanwhile; read the members again.";
export const productAccessUnknownProduct =
  "Product access can be given only to products of this organization.";
export const invitationNotFound = "No such invitation.";
export const invitationForAnotherAddress =
  "This invitation was sent to another email address: sign in with that address to accept it.";
export const removalNotFound = "No such removal.";
export const removalTakenUpMeanwhile = "Another request took this removal up meanwhile; read its status.";
export const removalNotStarted = "The removal could not be started; nothing was changed. Try again.";
export const dataDecisionsRequired =
  "The member holds {kinds}: decide for each kind whether to transfer it to another member or delete it.";
export const dataKindDrive = "drive files";
export const dataKindMailboxAccess = "access to other members' mailboxes";
export const dataKindCalendars = "calendars";
export const dataKindAddressBooks = "address books";
export const transferTargetMissing = "A transfer needs `toUserId`: another member of this organization.";

// Products and their termination.
export const productNotFound = "No such product.";
export const productNotInOrganization = "No such product in this organization.";
export const productTerminated = "This product is already terminated.";
export const productTerminating = "This product is being terminated already.";
export const terminationRequestNotFound = "This product has no termination request.";
export const terminationRequestedMeanwhile =
  "Another termination request for this product arrived at the same time.";

// Orders, promo codes, free offers.
export const orderLineRefused = "Line {line}: {refusal}";
export const promoCodeUnknown = "There is no promo code {code}.";
export const promoCodeExpired = "The promo code {code} has expired.";
export const promoCodeExhausted = "The promo code {code} has been fully redeemed.";
export const promoCodeExhaustedMeanwhile = "The promo code {code} was fully redeemed or expired meanwhile.";
export const promoCodeWrongKind = "The promo code {code} applies to {kinds}, not {kind}.";
export const promoCodeWrongCurrency =
  "The promo code {code} is an amount in {codeCurrency}; this organization pays in {currency}.";
export const promoCodeAlreadyInCart =
  "The promo code {code} already reduces another line of this cart; a code reduces one line.";
export const promoCodeExists = "There is already a promo code {code}.";
export const freeOfferNotGranted = "This free offer was not granted to this organization.";
export const freeOfferWrongKind = "This free offer is for {offerKind}, not {kind}.";
export const freeOfferUsed = "This free offer has already been used.";
export const freeOfferAlreadyInCart = "This free offer already applies to another line of this cart.";
export const billingAddressUnknown =
  "The billing address is not one of this organization's billing addresses.";
export const concurrentChangeWon = "A concurrent change won; try again.";

// Invoices, payments, the prepaid balance.
export const invoiceNotFound = "No such invoice.";
export const invoiceNotOpen = "This invoice's status is {status}; only an open invoice can be paid.";
export const invoiceNoLongerOpen = "This invoice is no longer open; only an open invoice can be paid.";
export const balanceTooLow = "The prepaid balance does not cover this amount.";
export const balanceKeptChanging = "The balance kept changing; try again.";
export const firstOrderWithoutBalance =
  "A new organization has no prepaid balance yet: pay the first order by card or invoice.";
export const balanceInOtherCurrency =
  "The prepaid balance is in {balanceCurrency}; this needs {currency}. Withdraw the balance first.";
export const topUpBeingCredited = "The top-up is being credited; try again in a moment.";
export const paymentUnavailable =
  "The payment provider did not take the payment; nothing was charged or credited. Try again.";
export const paymentAmountDiffers = "This payment was already asked for with another amount.";
export const paymentChangedMeanwhile = "This payment changed meanwhile; try again.";
export const withdrawalNotFound = "No such withdrawal.";
export const withdrawalDiffers = "This withdrawal was already recorded with another amount or IBAN.";
export const payoutUnavailable =
  "The refund is recorded and the balance debited, but the payment provider did not take the payout. Retry with the same Idempotency-Key: it is paid out once.";

// Deletion, archives, operators.
export const deletionConfirmationMismatch = "Type the organization's name exactly to confirm its deletion.";
export const deletionPrerequisites =
  "Before deletion: {prerequisites}. Choose the matching options to let the deletion do it.";
export const deletionPrerequisitesForResume =
  "Before deletion: {prerequisites}. The deletion's options do not cover them: its owner asks again with the matching options.";
export const deletionWonMeanwhile = "Another deletion request won; read its status.";
export const deletionNotFound = "This organization has no deletion.";
export const deletionRunning = "The deletion is running: its execution still works on it.";
export const deletionSucceeded = "The deletion succeeded: there is nothing left to resume.";
export const archiveNotFound =
  "Nothing is archived for this organization: it was never deleted, its deletion has not archived it yet, or its retention period ended.";
export const archivedInvoiceNotFound = "No such archived invoice.";
export const mailNotFound = "No such mail.";
export const mailNotFailed = "This mail's status is {status}: only a failed mail is sent again.";
export const mailChangedMeanwhile = "The mail changed meanwhile; read it again.";

// Idempotency keys.
export const idempotencyKeyReused =
  "This Idempotency-Key was used with another request body. Use a new key for a new request.";
export const idempotencyRequestInFlight =
  "A request with this Idempotency-Key is still being processed. Retry later.";
export const idempotencyKeyContended = "The Idempotency-Key changed hands too often; try again.";

// Field messages of the request schemas (custom checks; zod's own come from its locales).
export const fieldRequired = "Required.";
export const emailNotValid = "Not a valid email address.";
export const amountNotMinorUnits = "Amounts are integers in minor units.";
export const removalConfirmationMissing = "Confirm the removal with `confirm: true`.";
export const organizationOrInvitation = "Send an organization, or the invitationToken of an invitation.";
export const invitedWithoutOrganization =
  "An invited account joins the inviting organization only: send no organization.";
export const invitedWithoutLoginEmail = "The invited address is the login email: send no loginEmail.";
export const invitedWithoutOrder = "An invited account orders in the inviting organization, once signed in.";
export const organizationNameRequired = "A name is required unless the organization is an individual.";
export const organizationPatchEmpty = "Send at least one of name, type, postalAddress, phone.";
export const memberPatchEmpty = "Send at least one of role, billingRights, productIds.";
export const orderLineCodeOrOffer = "A line takes a promo code or a free offer, not both.";
export const promoPercentOrAmount = "Give either percentOff or amountOff.";
export const promoAmountNeedsCurrency = "An amountOff needs its currency.";
export const promoCurrencyWithoutAmount = "A currency goes with an amountOff only.";
export const promoExpiryPast = "The expiry must be in the future.";
export const ibanMalformed =
  "An IBAN starts with a country code and two check digits, then letters and digits.";
export const ibanCountryUnsupported = "IBANs of country {country} are not supported.";
export const ibanLengthWrong = "An IBAN of {country} has {length} characters.";
export const ibanCheckDigitsWrong = "The IBAN's check digits do not match: check for a typing error.";
