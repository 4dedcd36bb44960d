// Written by scripts/generate-error-texts.ts from shared/i18n/catalogues/errors/: do not edit.
/** Each error text in every language, by its name in the catalogues (see shared/i18n/error-messages.ts). */

import * as de from "#shared/i18n/catalogues/errors/de";
import * as en from "#shared/i18n/catalogues/errors/en";
import * as fr from "#shared/i18n/catalogues/errors/fr";
import * as it from "#shared/i18n/catalogues/errors/it";

export const accountChangedAskNewLink = {
  name: "accountChangedAskNewLink",
  fr: fr.accountChangedAskNewLink,
  de: de.accountChangedAskNewLink,
  it: it.accountChangedAskNewLink,
  en: en.accountChangedAskNewLink,
} as const;
export const accountChangedMeanwhile = {
  name: "accountChangedMeanwhile",
  fr: fr.accountChangedMeanwhile,
  de: de.accountChangedMeanwhile,
  it: it.accountChangedMeanwhile,
  en: en.accountChangedMeanwhile,
} as const;
export const accountClosedSinceCreated = {
  name: "accountClosedSinceCreated",
  fr: fr.accountClosedSinceCreated,
  de: de.accountClosedSinceCreated,
  it: it.accountClosedSinceCreated,
  en: en.accountClosedSinceCreated,
} as const;
export const accountGone = {
  name: "accountGone",
  fr: fr.accountGone,
  de: de.accountGone,
  it: it.accountGone,
  en: en.accountGone,
} as const;
export const accountLocked = {
  name: "accountLocked",
  fr: fr.accountLocked,
  de: de.accountLocked,
  it: it.accountLocked,
  en: en.accountLocked,
} as const;
export const administratorRequired = {
  name: "administratorRequired",
  fr: fr.administratorRequired,
  de: de.administratorRequired,
  it: it.administratorRequired,
  en: en.administratorRequired,
} as const;
export const alreadyLoginEmail = {
  name: "alreadyLoginEmail",
  fr: fr.alreadyLoginEmail,
  de: de.alreadyLoginEmail,
  it: it.alreadyLoginEmail,
  en: en.alreadyLoginEmail,
} as const;
export const alreadyMember = {
  name: "alreadyMember",
  fr: fr.alreadyMember,
  de: de.alreadyMember,
  it: it.alreadyMember,
  en: en.alreadyMember,
} as const;
export const amountNotMinorUnits = {
  name: "amountNotMinorUnits",
  fr: fr.amountNotMinorUnits,
  de: de.amountNotMinorUnits,
  it: it.amountNotMinorUnits,
  en: en.amountNotMinorUnits,
} as const;
export const archiveNotFound = {
  name: "archiveNotFound",
  fr: fr.archiveNotFound,
  de: de.archiveNotFound,
  it: it.archiveNotFound,
  en: en.archiveNotFound,
} as const;
export const archivedInvoiceNotFound = {
  name: "archivedInvoiceNotFound",
  fr: fr.archivedInvoiceNotFound,
  de: de.archivedInvoiceNotFound,
  it: it.archivedInvoiceNotFound,
  en: en.archivedInvoiceNotFound,
} as const;
export const authorizerFailed = {
  name: "authorizerFailed",
  fr: fr.authorizerFailed,
  de: de.authorizerFailed,
  it: it.authorizerFailed,
  en: en.authorizerFailed,
} as const;
export const authorizerRefused = {
  name: "authorizerRefused",
  fr: fr.authorizerRefused,
  de: de.authorizerRefused,
  it: it.authorizerRefused,
  en: en.authorizerRefused,
} as const;
export const balanceInOtherCurrency = {
  name: "balanceInOtherCurrency",
  fr: fr.balanceInOtherCurrency,
  de: de.balanceInOtherCurrency,
  it: it.balanceInOtherCurrency,
  en: en.balanceInOtherCurrency,
} as const;
export const balanceKeptChanging = {
  name: "balanceKeptChanging",
  fr: fr.balanceKeptChanging,
  de: de.balanceKeptChanging,
  it: it.balanceKeptChanging,
  en: en.balanceKeptChanging,
} as const;
export const balanceTooLow = {
  name: "balanceTooLow",
  fr: fr.balanceTooLow,
  de: de.balanceTooLow,
  it: it.balanceTooLow,
  en: en.balanceTooLow,
} as const;
export const bearerTokenMissing = {
  name: "bearerTokenMissing",
  fr: fr.bearerTokenMissing,
  de: de.bearerTokenMissing,
  it: it.bearerTokenMissing,
  en: en.bearerTokenMissing,
} as const;
export const billingAddressNotFound = {
  name: "billingAddressNotFound",
  fr: fr.billingAddressNotFound,
  de: de.billingAddressNotFound,
  it: it.billingAddressNotFound,
  en: en.billingAddressNotFound,
} as const;
export const billingAddressUnknown = {
  name: "billingAddressUnknown",
  fr: fr.billingAddressUnknown,
  de: de.billingAddressUnknown,
  it: it.billingAddressUnknown,
  en: en.billingAddressUnknown,
} as const;
export const billingRightsRequired = {
  name: "billingRightsRequired",
  fr: fr.billingRightsRequired,
  de: de.billingRightsRequired,
  it: it.billingRightsRequired,
  en: en.billingRightsRequired,
} as const;
export const bodyNotExpected = {
  name: "bodyNotExpected",
  fr: fr.bodyNotExpected,
  de: de.bodyNotExpected,
  it: it.bodyNotExpected,
  en: en.bodyNotExpected,
} as const;
export const bodyNotJson = {
  name: "bodyNotJson",
  fr: fr.bodyNotJson,
  de: de.bodyNotJson,
  it: it.bodyNotJson,
  en: en.bodyNotJson,
} as const;
export const bodyNotJsonMediaType = {
  name: "bodyNotJsonMediaType",
  fr: fr.bodyNotJsonMediaType,
  de: de.bodyNotJsonMediaType,
  it: it.bodyNotJsonMediaType,
  en: en.bodyNotJsonMediaType,
} as const;
export const bodyTooLarge = {
  name: "bodyTooLarge",
  fr: fr.bodyTooLarge,
  de: de.bodyTooLarge,
  it: it.bodyTooLarge,
  en: en.bodyTooLarge,
} as const;
export const cannotRaiseOwnRights = {
  name: "cannotRaiseOwnRights",
  fr: fr.cannotRaiseOwnRights,
  de: de.cannotRaiseOwnRights,
  it: it.cannotRaiseOwnRights,
  en: en.cannotRaiseOwnRights,
} as const;
export const concurrentChange = {
  name: "concurrentChange",
  fr: fr.concurrentChange,
  de: de.concurrentChange,
  it: it.concurrentChange,
  en: en.concurrentChange,
} as const;
export const concurrentChangeWon = {
  name: "concurrentChangeWon",
  fr: fr.concurrentChangeWon,
  de: de.concurrentChangeWon,
  it: it.concurrentChangeWon,
  en: en.concurrentChangeWon,
} as const;
export const credentialsWrong = {
  name: "credentialsWrong",
  fr: fr.credentialsWrong,
  de: de.credentialsWrong,
  it: it.credentialsWrong,
  en: en.credentialsWrong,
} as const;
export const cursorNotValid = {
  name: "cursorNotValid",
  fr: fr.cursorNotValid,
  de: de.cursorNotValid,
  it: it.cursorNotValid,
  en: en.cursorNotValid,
} as const;
export const dataDecisionsRequired = {
  name: "dataDecisionsRequired",
  fr: fr.dataDecisionsRequired,
  de: de.dataDecisionsRequired,
  it: it.dataDecisionsRequired,
  en: en.dataDecisionsRequired,
} as const;
export const dataKindAddressBooks = {
  name: "dataKindAddressBooks",
  fr: fr.dataKindAddressBooks,
  de: de.dataKindAddressBooks,
  it: it.dataKindAddressBooks,
  en: en.dataKindAddressBooks,
} as const;
export const dataKindCalendars = {
  name: "dataKindCalendars",
  fr: fr.dataKindCalendars,
  de: de.dataKindCalendars,
  it: it.dataKindCalendars,
  en: en.dataKindCalendars,
} as const;
export const dataKindDrive = {
  name: "dataKindDrive",
  fr: fr.dataKindDrive,
  de: de.dataKindDrive,
  it: it.dataKindDrive,
  en: en.dataKindDrive,
} as const;
export const dataKindMailboxAccess = {
  name: "dataKindMailboxAccess",
  fr: fr.dataKindMailboxAccess,
  de: de.dataKindMailboxAccess,
  it: it.dataKindMailboxAccess,
  en: en.dataKindMailboxAccess,
} as const;
export const deletionConfirmationMismatch = {
  name: "deletionConfirmationMismatch",
  fr: fr.deletionConfirmationMismatch,
  de: de.deletionConfirmationMismatch,
  it: it.deletionConfirmationMismatch,
  en: en.deletionConfirmationMismatch,
} as const;
export const deletionNotFound = {
  name: "deletionNotFound",
  fr: fr.deletionNotFound,
  de: de.deletionNotFound,
  it: it.deletionNotFound,
  en: en.deletionNotFound,
} as const;
export const deletionPrerequisites = {
  name: "deletionPrerequisites",
  fr: fr.deletionPrerequisites,
  de: de.deletionPrerequisites,
  it: it.deletionPrerequisites,
  en: en.deletionPrerequisites,
} as const;
export const deletionPrerequisitesForResume = {
  name: "deletionPrerequisitesForResume",
  fr: fr.deletionPrerequisitesForResume,
  de: de.deletionPrerequisitesForResume,
  it: it.deletionPrerequisitesForResume,
  en: en.deletionPrerequisitesForResume,
} as const;
export const deletionRunning = {
  name: "deletionRunning",
  fr: fr.deletionRunning,
  de: de.deletionRunning,
  it: it.deletionRunning,
  en: en.deletionRunning,
} as const;
export const deletionSucceeded = {
  name: "deletionSucceeded",
  fr: fr.deletionSucceeded,
  de: de.deletionSucceeded,
  it: it.deletionSucceeded,
  en: en.deletionSucceeded,
} as const;
export const deletionWonMeanwhile = {
  name: "deletionWonMeanwhile",
  fr: fr.deletionWonMeanwhile,
  de: de.deletionWonMeanwhile,
  it: it.deletionWonMeanwhile,
  en: en.deletionWonMeanwhile,
} as const;
export const emailNotValid = {
  name: "emailNotValid",
  fr: fr.emailNotValid,
  de: de.emailNotValid,
  it: it.emailNotValid,
  en: en.emailNotValid,
} as const;
export const fieldControlCharacters = {
  name: "fieldControlCharacters",
  fr: fr.fieldControlCharacters,
  de: de.fieldControlCharacters,
  it: it.fieldControlCharacters,
  en: en.fieldControlCharacters,
} as const;
export const fieldRequired = {
  name: "fieldRequired",
  fr: fr.fieldRequired,
  de: de.fieldRequired,
  it: it.fieldRequired,
  en: en.fieldRequired,
} as const;
export const firstOrderWithoutBalance = {
  name: "firstOrderWithoutBalance",
  fr: fr.firstOrderWithoutBalance,
  de: de.firstOrderWithoutBalance,
  it: it.firstOrderWithoutBalance,
  en: en.firstOrderWithoutBalance,
} as const;
export const freeOfferAlreadyInCart = {
  name: "freeOfferAlreadyInCart",
  fr: fr.freeOfferAlreadyInCart,
  de: de.freeOfferAlreadyInCart,
  it: it.freeOfferAlreadyInCart,
  en: en.freeOfferAlreadyInCart,
} as const;
export const freeOfferNotGranted = {
  name: "freeOfferNotGranted",
  fr: fr.freeOfferNotGranted,
  de: de.freeOfferNotGranted,
  it: it.freeOfferNotGranted,
  en: en.freeOfferNotGranted,
} as const;
export const freeOfferUsed = {
  name: "freeOfferUsed",
  fr: fr.freeOfferUsed,
  de: de.freeOfferUsed,
  it: it.freeOfferUsed,
  en: en.freeOfferUsed,
} as const;
export const freeOfferWrongKind = {
  name: "freeOfferWrongKind",
  fr: fr.freeOfferWrongKind,
  de: de.freeOfferWrongKind,
  it: it.freeOfferWrongKind,
  en: en.freeOfferWrongKind,
} as const;
export const grantingBillingRightsRequired = {
  name: "grantingBillingRightsRequired",
  fr: fr.grantingBillingRightsRequired,
  de: de.grantingBillingRightsRequired,
  it: it.grantingBillingRightsRequired,
  en: en.grantingBillingRightsRequired,
} as const;
export const handlerFailed = {
  name: "handlerFailed",
  fr: fr.handlerFailed,
  de: de.handlerFailed,
  it: it.handlerFailed,
  en: en.handlerFailed,
} as const;
export const holdsMembers = {
  name: "holdsMembers",
  fr: fr.holdsMembers,
  de: de.holdsMembers,
  it: it.holdsMembers,
  en: en.holdsMembers,
} as const;
export const holdsOpenInvoices = {
  name: "holdsOpenInvoices",
  fr: fr.holdsOpenInvoices,
  de: de.holdsOpenInvoices,
  it: it.holdsOpenInvoices,
  en: en.holdsOpenInvoices,
} as const;
export const holdsPrepaidBalance = {
  name: "holdsPrepaidBalance",
  fr: fr.holdsPrepaidBalance,
  de: de.holdsPrepaidBalance,
  it: it.holdsPrepaidBalance,
  en: en.holdsPrepaidBalance,
} as const;
export const holdsProducts = {
  name: "holdsProducts",
  fr: fr.holdsProducts,
  de: de.holdsProducts,
  it: it.holdsProducts,
  en: en.holdsProducts,
} as const;
export const holdsUnpaidInvoices = {
  name: "holdsUnpaidInvoices",
  fr: fr.holdsUnpaidInvoices,
  de: de.holdsUnpaidInvoices,
  it: it.holdsUnpaidInvoices,
  en: en.holdsUnpaidInvoices,
} as const;
export const ibanCheckDigitsWrong = {
  name: "ibanCheckDigitsWrong",
  fr: fr.ibanCheckDigitsWrong,
  de: de.ibanCheckDigitsWrong,
  it: it.ibanCheckDigitsWrong,
  en: en.ibanCheckDigitsWrong,
} as const;
export const ibanCountryUnsupported = {
  name: "ibanCountryUnsupported",
  fr: fr.ibanCountryUnsupported,
  de: de.ibanCountryUnsupported,
  it: it.ibanCountryUnsupported,
  en: en.ibanCountryUnsupported,
} as const;
export const ibanLengthWrong = {
  name: "ibanLengthWrong",
  fr: fr.ibanLengthWrong,
  de: de.ibanLengthWrong,
  it: it.ibanLengthWrong,
  en: en.ibanLengthWrong,
} as const;
export const ibanMalformed = {
  name: "ibanMalformed",
  fr: fr.ibanMalformed,
  de: de.ibanMalformed,
  it: it.ibanMalformed,
  en: en.ibanMalformed,
} as const;
export const idempotencyKeyContended = {
  name: "idempotencyKeyContended",
  fr: fr.idempotencyKeyContended,
  de: de.idempotencyKeyContended,
  it: it.idempotencyKeyContended,
  en: en.idempotencyKeyContended,
} as const;
export const idempotencyKeyFormat = {
  name: "idempotencyKeyFormat",
  fr: fr.idempotencyKeyFormat,
  de: de.idempotencyKeyFormat,
  it: it.idempotencyKeyFormat,
  en: en.idempotencyKeyFormat,
} as const;
export const idempotencyKeyReused = {
  name: "idempotencyKeyReused",
  fr: fr.idempotencyKeyReused,
  de: de.idempotencyKeyReused,
  it: it.idempotencyKeyReused,
  en: en.idempotencyKeyReused,
} as const;
export const idempotencyRequestInFlight = {
  name: "idempotencyRequestInFlight",
  fr: fr.idempotencyRequestInFlight,
  de: de.idempotencyRequestInFlight,
  it: it.idempotencyRequestInFlight,
  en: en.idempotencyRequestInFlight,
} as const;
export const ifMatchRequired = {
  name: "ifMatchRequired",
  fr: fr.ifMatchRequired,
  de: de.ifMatchRequired,
  it: it.ifMatchRequired,
  en: en.ifMatchRequired,
} as const;
export const imageNotJpeg = {
  name: "imageNotJpeg",
  fr: fr.imageNotJpeg,
  de: de.imageNotJpeg,
  it: it.imageNotJpeg,
  en: en.imageNotJpeg,
} as const;
export const imageNotPng = {
  name: "imageNotPng",
  fr: fr.imageNotPng,
  de: de.imageNotPng,
  it: it.imageNotPng,
  en: en.imageNotPng,
} as const;
export const individualNameFixed = {
  name: "individualNameFixed",
  fr: fr.individualNameFixed,
  de: de.individualNameFixed,
  it: it.individualNameFixed,
  en: en.individualNameFixed,
} as const;
export const internalError = {
  name: "internalError",
  fr: fr.internalError,
  de: de.internalError,
  it: it.internalError,
  en: en.internalError,
} as const;
export const invitationForAnotherAddress = {
  name: "invitationForAnotherAddress",
  fr: fr.invitationForAnotherAddress,
  de: de.invitationForAnotherAddress,
  it: it.invitationForAnotherAddress,
  en: en.invitationForAnotherAddress,
} as const;
export const invitationNotFound = {
  name: "invitationNotFound",
  fr: fr.invitationNotFound,
  de: de.invitationNotFound,
  it: it.invitationNotFound,
  en: en.invitationNotFound,
} as const;
export const invitedAddressTaken = {
  name: "invitedAddressTaken",
  fr: fr.invitedAddressTaken,
  de: de.invitedAddressTaken,
  it: it.invitedAddressTaken,
  en: en.invitedAddressTaken,
} as const;
export const invitedWithoutLoginEmail = {
  name: "invitedWithoutLoginEmail",
  fr: fr.invitedWithoutLoginEmail,
  de: de.invitedWithoutLoginEmail,
  it: it.invitedWithoutLoginEmail,
  en: en.invitedWithoutLoginEmail,
} as const;
export const invitedWithoutOrder = {
  name: "invitedWithoutOrder",
  fr: fr.invitedWithoutOrder,
  de: de.invitedWithoutOrder,
  it: it.invitedWithoutOrder,
  en: en.invitedWithoutOrder,
} as const;
export const invitedWithoutOrganization = {
  name: "invitedWithoutOrganization",
  fr: fr.invitedWithoutOrganization,
  de: de.invitedWithoutOrganization,
  it: it.invitedWithoutOrganization,
  en: en.invitedWithoutOrganization,
} as const;
export const invoiceNoLongerOpen = {
  name: "invoiceNoLongerOpen",
  fr: fr.invoiceNoLongerOpen,
  de: de.invoiceNoLongerOpen,
  it: it.invoiceNoLongerOpen,
  en: en.invoiceNoLongerOpen,
} as const;
export const invoiceNotFound = {
  name: "invoiceNotFound",
  fr: fr.invoiceNotFound,
  de: de.invoiceNotFound,
  it: it.invoiceNotFound,
  en: en.invoiceNotFound,
} as const;
export const invoiceNotOpen = {
  name: "invoiceNotOpen",
  fr: fr.invoiceNotOpen,
  de: de.invoiceNotOpen,
  it: it.invoiceNotOpen,
  en: en.invoiceNotOpen,
} as const;
export const lastLegalRepresentative = {
  name: "lastLegalRepresentative",
  fr: fr.lastLegalRepresentative,
  de: de.lastLegalRepresentative,
  it: it.lastLegalRepresentative,
  en: en.lastLegalRepresentative,
} as const;
export const lastLegalRepresentativeOfShared = {
  name: "lastLegalRepresentativeOfShared",
  fr: fr.lastLegalRepresentativeOfShared,
  de: de.lastLegalRepresentativeOfShared,
  it: it.lastLegalRepresentativeOfShared,
  en: en.lastLegalRepresentativeOfShared,
} as const;
export const lastMemberOrganizationDeleting = {
  name: "lastMemberOrganizationDeleting",
  fr: fr.lastMemberOrganizationDeleting,
  de: de.lastMemberOrganizationDeleting,
  it: it.lastMemberOrganizationDeleting,
  en: en.lastMemberOrganizationDeleting,
} as const;
export const legalRepresentativeRequired = {
  name: "legalRepresentativeRequired",
  fr: fr.legalRepresentativeRequired,
  de: de.legalRepresentativeRequired,
  it: it.legalRepresentativeRequired,
  en: en.legalRepresentativeRequired,
} as const;
export const linkExpiredOrUsed = {
  name: "linkExpiredOrUsed",
  fr: fr.linkExpiredOrUsed,
  de: de.linkExpiredOrUsed,
  it: it.linkExpiredOrUsed,
  en: en.linkExpiredOrUsed,
} as const;
export const loginEmailTaken = {
  name: "loginEmailTaken",
  fr: fr.loginEmailTaken,
  de: de.loginEmailTaken,
  it: it.loginEmailTaken,
  en: en.loginEmailTaken,
} as const;
export const loginEqualsRecoveryEmail = {
  name: "loginEqualsRecoveryEmail",
  fr: fr.loginEqualsRecoveryEmail,
  de: de.loginEqualsRecoveryEmail,
  it: it.loginEqualsRecoveryEmail,
  en: en.loginEqualsRecoveryEmail,
} as const;
export const logoNotFound = {
  name: "logoNotFound",
  fr: fr.logoNotFound,
  de: de.logoNotFound,
  it: it.logoNotFound,
  en: en.logoNotFound,
} as const;
export const logoTooLarge = {
  name: "logoTooLarge",
  fr: fr.logoTooLarge,
  de: de.logoTooLarge,
  it: it.logoTooLarge,
  en: en.logoTooLarge,
} as const;
export const logoTypeNotAllowed = {
  name: "logoTypeNotAllowed",
  fr: fr.logoTypeNotAllowed,
  de: de.logoTypeNotAllowed,
  it: it.logoTypeNotAllowed,
  en: en.logoTypeNotAllowed,
} as const;
export const mailChangedMeanwhile = {
  name: "mailChangedMeanwhile",
  fr: fr.mailChangedMeanwhile,
  de: de.mailChangedMeanwhile,
  it: it.mailChangedMeanwhile,
  en: en.mailChangedMeanwhile,
} as const;
export const mailNotFailed = {
  name: "mailNotFailed",
  fr: fr.mailNotFailed,
  de: de.mailNotFailed,
  it: it.mailNotFailed,
  en: en.mailNotFailed,
} as const;
export const mailNotFound = {
  name: "mailNotFound",
  fr: fr.mailNotFound,
  de: de.mailNotFound,
  it: it.mailNotFound,
  en: en.mailNotFound,
} as const;
export const memberBeingRemoved = {
  name: "memberBeingRemoved",
  fr: fr.memberBeingRemoved,
  de: de.memberBeingRemoved,
  it: it.memberBeingRemoved,
  en: en.memberBeingRemoved,
} as const;
export const memberBeingRemovedOtherwise = {
  name: "memberBeingRemovedOtherwise",
  fr: fr.memberBeingRemovedOtherwise,
  de: de.memberBeingRemovedOtherwise,
  it: it.memberBeingRemovedOtherwise,
  en: en.memberBeingRemovedOtherwise,
} as const;
export const memberChangedMeanwhile = {
  name: "memberChangedMeanwhile",
  fr: fr.memberChangedMeanwhile,
  de: de.memberChangedMeanwhile,
  it: it.memberChangedMeanwhile,
  en: en.memberChangedMeanwhile,
} as const;
export const memberNotFound = {
  name: "memberNotFound",
  fr: fr.memberNotFound,
  de: de.memberNotFound,
  it: it.memberNotFound,
  en: en.memberNotFound,
} as const;
export const memberPatchEmpty = {
  name: "memberPatchEmpty",
  fr: fr.memberPatchEmpty,
  de: de.memberPatchEmpty,
  it: it.memberPatchEmpty,
  en: en.memberPatchEmpty,
} as const;
export const nameRequiredForType = {
  name: "nameRequiredForType",
  fr: fr.nameRequiredForType,
  de: de.nameRequiredForType,
  it: it.nameRequiredForType,
  en: en.nameRequiredForType,
} as const;
export const operatorCredentialsRequired = {
  name: "operatorCredentialsRequired",
  fr: fr.operatorCredentialsRequired,
  de: de.operatorCredentialsRequired,
  it: it.operatorCredentialsRequired,
  en: en.operatorCredentialsRequired,
} as const;
export const orderLineCodeOrOffer = {
  name: "orderLineCodeOrOffer",
  fr: fr.orderLineCodeOrOffer,
  de: de.orderLineCodeOrOffer,
  it: it.orderLineCodeOrOffer,
  en: en.orderLineCodeOrOffer,
} as const;
export const orderLineRefused = {
  name: "orderLineRefused",
  fr: fr.orderLineRefused,
  de: de.orderLineRefused,
  it: it.orderLineRefused,
  en: en.orderLineRefused,
} as const;
export const organizationChangedMeanwhile = {
  name: "organizationChangedMeanwhile",
  fr: fr.organizationChangedMeanwhile,
  de: de.organizationChangedMeanwhile,
  it: it.organizationChangedMeanwhile,
  en: en.organizationChangedMeanwhile,
} as const;
export const organizationChangedSinceRead = {
  name: "organizationChangedSinceRead",
  fr: fr.organizationChangedSinceRead,
  de: de.organizationChangedSinceRead,
  it: it.organizationChangedSinceRead,
  en: en.organizationChangedSinceRead,
} as const;
export const organizationChangedTryAgain = {
  name: "organizationChangedTryAgain",
  fr: fr.organizationChangedTryAgain,
  de: de.organizationChangedTryAgain,
  it: it.organizationChangedTryAgain,
  en: en.organizationChangedTryAgain,
} as const;
export const organizationDeleting = {
  name: "organizationDeleting",
  fr: fr.organizationDeleting,
  de: de.organizationDeleting,
  it: it.organizationDeleting,
  en: en.organizationDeleting,
} as const;
export const organizationGone = {
  name: "organizationGone",
  fr: fr.organizationGone,
  de: de.organizationGone,
  it: it.organizationGone,
  en: en.organizationGone,
} as const;
export const organizationNameRequired = {
  name: "organizationNameRequired",
  fr: fr.organizationNameRequired,
  de: de.organizationNameRequired,
  it: it.organizationNameRequired,
  en: en.organizationNameRequired,
} as const;
export const organizationNotEmpty = {
  name: "organizationNotEmpty",
  fr: fr.organizationNotEmpty,
  de: de.organizationNotEmpty,
  it: it.organizationNotEmpty,
  en: en.organizationNotEmpty,
} as const;
export const organizationNotFound = {
  name: "organizationNotFound",
  fr: fr.organizationNotFound,
  de: de.organizationNotFound,
  it: it.organizationNotFound,
  en: en.organizationNotFound,
} as const;
export const organizationOrInvitation = {
  name: "organizationOrInvitation",
  fr: fr.organizationOrInvitation,
  de: de.organizationOrInvitation,
  it: it.organizationOrInvitation,
  en: en.organizationOrInvitation,
} as const;
export const organizationPatchEmpty = {
  name: "organizationPatchEmpty",
  fr: fr.organizationPatchEmpty,
  de: de.organizationPatchEmpty,
  it: it.organizationPatchEmpty,
  en: en.organizationPatchEmpty,
} as const;
export const passwordChangedMeanwhile = {
  name: "passwordChangedMeanwhile",
  fr: fr.passwordChangedMeanwhile,
  de: de.passwordChangedMeanwhile,
  it: it.passwordChangedMeanwhile,
  en: en.passwordChangedMeanwhile,
} as const;
export const passwordContainsEmail = {
  name: "passwordContainsEmail",
  fr: fr.passwordContainsEmail,
  de: de.passwordContainsEmail,
  it: it.passwordContainsEmail,
  en: en.passwordContainsEmail,
} as const;
export const passwordPolicy = {
  name: "passwordPolicy",
  fr: fr.passwordPolicy,
  de: de.passwordPolicy,
  it: it.passwordPolicy,
  en: en.passwordPolicy,
} as const;
export const passwordTooCommon = {
  name: "passwordTooCommon",
  fr: fr.passwordTooCommon,
  de: de.passwordTooCommon,
  it: it.passwordTooCommon,
  en: en.passwordTooCommon,
} as const;
export const passwordTooLong = {
  name: "passwordTooLong",
  fr: fr.passwordTooLong,
  de: de.passwordTooLong,
  it: it.passwordTooLong,
  en: en.passwordTooLong,
} as const;
export const passwordTooShort = {
  name: "passwordTooShort",
  fr: fr.passwordTooShort,
  de: de.passwordTooShort,
  it: it.passwordTooShort,
  en: en.passwordTooShort,
} as const;
export const passwordWrong = {
  name: "passwordWrong",
  fr: fr.passwordWrong,
  de: de.passwordWrong,
  it: it.passwordWrong,
  en: en.passwordWrong,
} as const;
export const pathIdUnknown = {
  name: "pathIdUnknown",
  fr: fr.pathIdUnknown,
  de: de.pathIdUnknown,
  it: it.pathIdUnknown,
  en: en.pathIdUnknown,
} as const;
export const pathNotPercentEncoded = {
  name: "pathNotPercentEncoded",
  fr: fr.pathNotPercentEncoded,
  de: de.pathNotPercentEncoded,
  it: it.pathNotPercentEncoded,
  en: en.pathNotPercentEncoded,
} as const;
export const paymentAmountDiffers = {
  name: "paymentAmountDiffers",
  fr: fr.paymentAmountDiffers,
  de: de.paymentAmountDiffers,
  it: it.paymentAmountDiffers,
  en: en.paymentAmountDiffers,
} as const;
export const paymentChangedMeanwhile = {
  name: "paymentChangedMeanwhile",
  fr: fr.paymentChangedMeanwhile,
  de: de.paymentChangedMeanwhile,
  it: it.paymentChangedMeanwhile,
  en: en.paymentChangedMeanwhile,
} as const;
export const paymentUnavailable = {
  name: "paymentUnavailable",
  fr: fr.paymentUnavailable,
  de: de.paymentUnavailable,
  it: it.paymentUnavailable,
  en: en.paymentUnavailable,
} as const;
export const payoutUnavailable = {
  name: "payoutUnavailable",
  fr: fr.payoutUnavailable,
  de: de.payoutUnavailable,
  it: it.payoutUnavailable,
  en: en.payoutUnavailable,
} as const;
export const productAccessRequired = {
  name: "productAccessRequired",
  fr: fr.productAccessRequired,
  de: de.productAccessRequired,
  it: it.productAccessRequired,
  en: en.productAccessRequired,
} as const;
export const productAccessUnknownProduct = {
  name: "productAccessUnknownProduct",
  fr: fr.productAccessUnknownProduct,
  de: de.productAccessUnknownProduct,
  it: it.productAccessUnknownProduct,
  en: en.productAccessUnknownProduct,
} as const;
export const productNotFound = {
  name: "productNotFound",
  fr: fr.productNotFound,
  de: de.productNotFound,
  it: it.productNotFound,
  en: en.productNotFound,
} as const;
export const productNotInOrganization = {
  name: "productNotInOrganization",
  fr: fr.productNotInOrganization,
  de: de.productNotInOrganization,
  it: it.productNotInOrganization,
  en: en.productNotInOrganization,
} as const;
export const productTerminated = {
  name: "productTerminated",
  fr: fr.productTerminated,
  de: de.productTerminated,
  it: it.productTerminated,
  en: en.productTerminated,
} as const;
export const productTerminating = {
  name: "productTerminating",
  fr: fr.productTerminating,
  de: de.productTerminating,
  it: it.productTerminating,
  en: en.productTerminating,
} as const;
export const promoAmountNeedsCurrency = {
  name: "promoAmountNeedsCurrency",
  fr: fr.promoAmountNeedsCurrency,
  de: de.promoAmountNeedsCurrency,
  it: it.promoAmountNeedsCurrency,
  en: en.promoAmountNeedsCurrency,
} as const;
export const promoCodeAlreadyInCart = {
  name: "promoCodeAlreadyInCart",
  fr: fr.promoCodeAlreadyInCart,
  de: de.promoCodeAlreadyInCart,
  it: it.promoCodeAlreadyInCart,
  en: en.promoCodeAlreadyInCart,
} as const;
export const promoCodeExhausted = {
  name: "promoCodeExhausted",
  fr: fr.promoCodeExhausted,
  de: de.promoCodeExhausted,
  it: it.promoCodeExhausted,
  en: en.promoCodeExhausted,
} as const;
export const promoCodeExhaustedMeanwhile = {
  name: "promoCodeExhaustedMeanwhile",
  fr: fr.promoCodeExhaustedMeanwhile,
  de: de.promoCodeExhaustedMeanwhile,
  it: it.promoCodeExhaustedMeanwhile,
  en: en.promoCodeExhaustedMeanwhile,
} as const;
export const promoCodeExists = {
  name: "promoCodeExists",
  fr: fr.promoCodeExists,
  de: de.promoCodeExists,
  it: it.promoCodeExists,
  en: en.promoCodeExists,
} as const;
export const promoCodeExpired = {
  name: "promoCodeExpired",
  fr: fr.promoCodeExpired,
  de: de.promoCodeExpired,
  it: it.promoCodeExpired,
  en: en.promoCodeExpired,
} as const;
export const promoCodeUnknown = {
  name: "promoCodeUnknown",
  fr: fr.promoCodeUnknown,
  de: de.promoCodeUnknown,
  it: it.promoCodeUnknown,
  en: en.promoCodeUnknown,
} as const;
export const promoCodeWrongCurrency = {
  name: "promoCodeWrongCurrency",
  fr: fr.promoCodeWrongCurrency,
  de: de.promoCodeWrongCurrency,
  it: it.promoCodeWrongCurrency,
  en: en.promoCodeWrongCurrency,
} as const;
export const promoCodeWrongKind = {
  name: "promoCodeWrongKind",
  fr: fr.promoCodeWrongKind,
  de: de.promoCodeWrongKind,
  it: it.promoCodeWrongKind,
  en: en.promoCodeWrongKind,
} as const;
export const promoCurrencyWithoutAmount = {
  name: "promoCurrencyWithoutAmount",
  fr: fr.promoCurrencyWithoutAmount,
  de: de.promoCurrencyWithoutAmount,
  it: it.promoCurrencyWithoutAmount,
  en: en.promoCurrencyWithoutAmount,
} as const;
export const promoExpiryPast = {
  name: "promoExpiryPast",
  fr: fr.promoExpiryPast,
  de: de.promoExpiryPast,
  it: it.promoExpiryPast,
  en: en.promoExpiryPast,
} as const;
export const promoPercentOrAmount = {
  name: "promoPercentOrAmount",
  fr: fr.promoPercentOrAmount,
  de: de.promoPercentOrAmount,
  it: it.promoPercentOrAmount,
  en: en.promoPercentOrAmount,
} as const;
export const recoveryChangedToNewLoginEmail = {
  name: "recoveryChangedToNewLoginEmail",
  fr: fr.recoveryChangedToNewLoginEmail,
  de: de.recoveryChangedToNewLoginEmail,
  it: it.recoveryChangedToNewLoginEmail,
  en: en.recoveryChangedToNewLoginEmail,
} as const;
export const recoveryEqualsInvitedAddress = {
  name: "recoveryEqualsInvitedAddress",
  fr: fr.recoveryEqualsInvitedAddress,
  de: de.recoveryEqualsInvitedAddress,
  it: it.recoveryEqualsInvitedAddress,
  en: en.recoveryEqualsInvitedAddress,
} as const;
export const recoveryEqualsLoginEmail = {
  name: "recoveryEqualsLoginEmail",
  fr: fr.recoveryEqualsLoginEmail,
  de: de.recoveryEqualsLoginEmail,
  it: it.recoveryEqualsLoginEmail,
  en: en.recoveryEqualsLoginEmail,
} as const;
export const recoveryNeedsLoginLink = {
  name: "recoveryNeedsLoginLink",
  fr: fr.recoveryNeedsLoginLink,
  de: de.recoveryNeedsLoginLink,
  it: it.recoveryNeedsLoginLink,
  en: en.recoveryNeedsLoginLink,
} as const;
export const removalConfirmationMissing = {
  name: "removalConfirmationMissing",
  fr: fr.removalConfirmationMissing,
  de: de.removalConfirmationMissing,
  it: it.removalConfirmationMissing,
  en: en.removalConfirmationMissing,
} as const;
export const removalNotFound = {
  name: "removalNotFound",
  fr: fr.removalNotFound,
  de: de.removalNotFound,
  it: it.removalNotFound,
  en: en.removalNotFound,
} as const;
export const removalNotStarted = {
  name: "removalNotStarted",
  fr: fr.removalNotStarted,
  de: de.removalNotStarted,
  it: it.removalNotStarted,
  en: en.removalNotStarted,
} as const;
export const removalTakenUpMeanwhile = {
  name: "removalTakenUpMeanwhile",
  fr: fr.removalTakenUpMeanwhile,
  de: de.removalTakenUpMeanwhile,
  it: it.removalTakenUpMeanwhile,
  en: en.removalTakenUpMeanwhile,
} as const;
export const requestNotValid = {
  name: "requestNotValid",
  fr: fr.requestNotValid,
  de: de.requestNotValid,
  it: it.requestNotValid,
  en: en.requestNotValid,
} as const;
export const requestTooLarge = {
  name: "requestTooLarge",
  fr: fr.requestTooLarge,
  de: de.requestTooLarge,
  it: it.requestTooLarge,
  en: en.requestTooLarge,
} as const;
export const resetLinkExpiredOrUsed = {
  name: "resetLinkExpiredOrUsed",
  fr: fr.resetLinkExpiredOrUsed,
  de: de.resetLinkExpiredOrUsed,
  it: it.resetLinkExpiredOrUsed,
  en: en.resetLinkExpiredOrUsed,
} as const;
export const routeUnknown = {
  name: "routeUnknown",
  fr: fr.routeUnknown,
  de: de.routeUnknown,
  it: it.routeUnknown,
  en: en.routeUnknown,
} as const;
export const serviceBusy = {
  name: "serviceBusy",
  fr: fr.serviceBusy,
  de: de.serviceBusy,
  it: it.serviceBusy,
  en: en.serviceBusy,
} as const;
export const sessionEnded = {
  name: "sessionEnded",
  fr: fr.sessionEnded,
  de: de.sessionEnded,
  it: it.sessionEnded,
  en: en.sessionEnded,
} as const;
export const signInFirst = {
  name: "signInFirst",
  fr: fr.signInFirst,
  de: de.signInFirst,
  it: it.signInFirst,
  en: en.signInFirst,
} as const;
export const svgHoldsActiveContent = {
  name: "svgHoldsActiveContent",
  fr: fr.svgHoldsActiveContent,
  de: de.svgHoldsActiveContent,
  it: it.svgHoldsActiveContent,
  en: en.svgHoldsActiveContent,
} as const;
export const svgHoldsBackslash = {
  name: "svgHoldsBackslash",
  fr: fr.svgHoldsBackslash,
  de: de.svgHoldsBackslash,
  it: it.svgHoldsBackslash,
  en: en.svgHoldsBackslash,
} as const;
export const svgHoldsCharacterReferences = {
  name: "svgHoldsCharacterReferences",
  fr: fr.svgHoldsCharacterReferences,
  de: de.svgHoldsCharacterReferences,
  it: it.svgHoldsCharacterReferences,
  en: en.svgHoldsCharacterReferences,
} as const;
export const svgHoldsDeclarations = {
  name: "svgHoldsDeclarations",
  fr: fr.svgHoldsDeclarations,
  de: de.svgHoldsDeclarations,
  it: it.svgHoldsDeclarations,
  en: en.svgHoldsDeclarations,
} as const;
export const svgHoldsElement = {
  name: "svgHoldsElement",
  fr: fr.svgHoldsElement,
  de: de.svgHoldsElement,
  it: it.svgHoldsElement,
  en: en.svgHoldsElement,
} as const;
export const svgHoldsEventHandlers = {
  name: "svgHoldsEventHandlers",
  fr: fr.svgHoldsEventHandlers,
  de: de.svgHoldsEventHandlers,
  it: it.svgHoldsEventHandlers,
  en: en.svgHoldsEventHandlers,
} as const;
export const svgHoldsLinks = {
  name: "svgHoldsLinks",
  fr: fr.svgHoldsLinks,
  de: de.svgHoldsLinks,
  it: it.svgHoldsLinks,
  en: en.svgHoldsLinks,
} as const;
export const svgHoldsReferences = {
  name: "svgHoldsReferences",
  fr: fr.svgHoldsReferences,
  de: de.svgHoldsReferences,
  it: it.svgHoldsReferences,
  en: en.svgHoldsReferences,
} as const;
export const svgHoldsStyleAttribute = {
  name: "svgHoldsStyleAttribute",
  fr: fr.svgHoldsStyleAttribute,
  de: de.svgHoldsStyleAttribute,
  it: it.svgHoldsStyleAttribute,
  en: en.svgHoldsStyleAttribute,
} as const;
export const svgNotUtf8 = {
  name: "svgNotUtf8",
  fr: fr.svgNotUtf8,
  de: de.svgNotUtf8,
  it: it.svgNotUtf8,
  en: en.svgNotUtf8,
} as const;
export const svgRootMissing = {
  name: "svgRootMissing",
  fr: fr.svgRootMissing,
  de: de.svgRootMissing,
  it: it.svgRootMissing,
  en: en.svgRootMissing,
} as const;
export const svgUnsafe = {
  name: "svgUnsafe",
  fr: fr.svgUnsafe,
  de: de.svgUnsafe,
  it: it.svgUnsafe,
  en: en.svgUnsafe,
} as const;
export const terminationLinkExpiredOrUsed = {
  name: "terminationLinkExpiredOrUsed",
  fr: fr.terminationLinkExpiredOrUsed,
  de: de.terminationLinkExpiredOrUsed,
  it: it.terminationLinkExpiredOrUsed,
  en: en.terminationLinkExpiredOrUsed,
} as const;
export const terminationRequestNotFound = {
  name: "terminationRequestNotFound",
  fr: fr.terminationRequestNotFound,
  de: de.terminationRequestNotFound,
  it: it.terminationRequestNotFound,
  en: en.terminationRequestNotFound,
} as const;
export const terminationRequestedMeanwhile = {
  name: "terminationRequestedMeanwhile",
  fr: fr.terminationRequestedMeanwhile,
  de: de.terminationRequestedMeanwhile,
  it: it.terminationRequestedMeanwhile,
  en: en.terminationRequestedMeanwhile,
} as const;
export const textControlCharacters = {
  name: "textControlCharacters",
  fr: fr.textControlCharacters,
  de: de.textControlCharacters,
  it: it.textControlCharacters,
  en: en.textControlCharacters,
} as const;
export const tooManyBillingAddresses = {
  name: "tooManyBillingAddresses",
  fr: fr.tooManyBillingAddresses,
  de: de.tooManyBillingAddresses,
  it: it.tooManyBillingAddresses,
  en: en.tooManyBillingAddresses,
} as const;
export const tooManyMemberships = {
  name: "tooManyMemberships",
  fr: fr.tooManyMemberships,
  de: de.tooManyMemberships,
  it: it.tooManyMemberships,
  en: en.tooManyMemberships,
} as const;
export const tooManyRequestsOfKind = {
  name: "tooManyRequestsOfKind",
  fr: fr.tooManyRequestsOfKind,
  de: de.tooManyRequestsOfKind,
  it: it.tooManyRequestsOfKind,
  en: en.tooManyRequestsOfKind,
} as const;
export const topUpBeingCredited = {
  name: "topUpBeingCredited",
  fr: fr.topUpBeingCredited,
  de: de.topUpBeingCredited,
  it: it.topUpBeingCredited,
  en: en.topUpBeingCredited,
} as const;
export const transferTargetMissing = {
  name: "transferTargetMissing",
  fr: fr.transferTargetMissing,
  de: de.transferTargetMissing,
  it: it.transferTargetMissing,
  en: en.transferTargetMissing,
} as const;
export const uploadNotFound = {
  name: "uploadNotFound",
  fr: fr.uploadNotFound,
  de: de.uploadNotFound,
  it: it.uploadNotFound,
  en: en.uploadNotFound,
} as const;
export const withdrawalDiffers = {
  name: "withdrawalDiffers",
  fr: fr.withdrawalDiffers,
  de: de.withdrawalDiffers,
  it: it.withdrawalDiffers,
  en: en.withdrawalDiffers,
} as const;
export const withdrawalNotFound = {
  name: "withdrawalNotFound",
  fr: fr.withdrawalNotFound,
  de: de.withdrawalNotFound,
  it: it.withdrawalNotFound,
  en: en.withdrawalNotFound,
} as const;
export const yourOrganizationChangedMeanwhile = {
  name: "yourOrganizationChangedMeanwhile",
  fr: fr.yourOrganizationChangedMeanwhile,
  de: de.yourOrganizationChangedMeanwhile,
  it: it.yourOrganizationChangedMeanwhile,
  en: en.yourOrganizationChangedMeanwhile,
} as const;
