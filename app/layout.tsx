import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "./_components/site/site-header";
import { themeScript } from "./_components/site/theme-script";
import { Toaster } from "./_components/ui/toaster";
import { LazyWorkshopBanner } from "./_components/workshops/lazy-workshop-banner";
import { getCourse } from "./_lib/course";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Quai — apprendre Docker dans le navigateur", template: "%s · Quai" },
  description: "Un cours complet de Docker en français, avec votre propre hôte Docker à côté de chaque chapitre.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const course = getCourse();
  return (
    <html lang="fr" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-white text-slate-800 antialiased dark:bg-slate-950 dark:text-slate-300">
        <a href="#contenu" className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow">
          Aller au contenu
        </a>
        <SiteHeader courseTitle={course.title} />
        <LazyWorkshopBanner />
        {children}
        <Toaster />
      </body>
    </html>
  );
}
