/** The notice shown when Stripe Checkout sends the customer back (?checkout=success or ?checkout=cancel). */
export function CheckoutReturn({ search }: { search: string }) {
  const outcome = new URLSearchParams(search).get("checkout");
  if (outcome === "success") {
    return (
      <p className="notice notice-success" data-testid="checkout-success" role="status">
        Thank you! Your payment went through. Your credits appear below as soon as Stripe confirms it.
      </p>
    );
  }
  if (outcome === "cancel") {
    return (
      <p className="notice" data-testid="checkout-cancel" role="status">
        Checkout was cancelled and you have not been charged. Pick a pack whenever you are ready.
      </p>
    );
  }
  return null;
}
