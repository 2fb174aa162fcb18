/** How a state class hands an error to the app, which decides where the person sees it. */
export type Reporter = (err: unknown) => void;
